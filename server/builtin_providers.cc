#include "server/builtin_providers.h"

#include "providers/base/status_macros.h"
#include "providers/ecs/ecs_provider_factory.h"

namespace osp::server {

// Each backend adds one line here.
absl::Status RegisterBuiltinProviders(providers::Registry* registry) {
  RETURN_IF_ERROR(providers::ecs::RegisterEcsProvider(registry));
  return absl::OkStatus();
}

}  // namespace osp::server
