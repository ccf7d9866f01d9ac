// A plugin that tries to register a type ospd already has ("ecs"): registration fails and ospd
// refuses to start, naming the file.
#include "providers/plugin_api.h"

namespace {

absl::Status RegisterEcsAgain(osp::providers::Registry* registry) {
  return registry->Register(
      "ecs",
      [](const osp::providers::BackendSettings&, const osp::providers::ProviderDeps&)
          -> absl::StatusOr<std::unique_ptr<osp::providers::Provider>> {
        return absl::UnimplementedError("never built");
      });
}

}  // namespace

OSPD_PLUGIN(RegisterEcsAgain)
