#include "server/builtin_providers.h"

#include "providers/base/status_macros.h"

namespace osp::server {

// Each backend adds one line here, e.g.
//   RETURN_IF_ERROR(registry->Register("ecs", providers::ecs::EcsProviderFactory));
absl::Status RegisterBuiltinProviders(providers::Registry* registry) { return absl::OkStatus(); }

}  // namespace osp::server
