#include "server/builtin_providers.h"

#include "providers/base/status_macros.h"
#include "providers/ecs/ecs_provider_factory.h"
#include "providers/minio/minio_provider_factory.h"

namespace osp::server {

// Each built-in backend type registers here.
absl::Status RegisterBuiltinProviders(providers::Registry* registry) {
  RETURN_IF_ERROR(providers::ecs::RegisterEcsProvider(registry));
  RETURN_IF_ERROR(providers::minio::RegisterMinioProvider(registry));
  return absl::OkStatus();
}

}  // namespace osp::server
