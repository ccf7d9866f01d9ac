#include "providers/ecs/ecs_provider_factory.h"

#include <utility>

#include "providers/base/status_macros.h"
#include "providers/ecs/ecs_config.h"
#include "providers/ecs/ecs_provider.h"
#include "providers/http/http_transport.h"
#include "providers/http/http_transport_factory.h"

namespace osp::providers::ecs {

absl::StatusOr<std::unique_ptr<Provider>> CreateEcsProvider(const BackendSettings& settings,
                                                            const ProviderDeps& deps) {
  ASSIGN_OR_RETURN(EcsConfig config, EcsConfig::FromSettings(settings));
  if (deps.clock == nullptr || deps.transports == nullptr || deps.logger == nullptr) {
    return absl::InternalError("ECS provider: clock, transports and logger are required");
  }
  http::HttpTransportOptions options;
  options.backend_id = config.backend_id;
  options.ca_file = config.ca_file;
  options.insecure_skip_verify = config.insecure_skip_verify;
  options.default_timeout = config.request_timeout;
  ASSIGN_OR_RETURN(std::unique_ptr<http::HttpTransport> transport,
                   deps.transports->Create(options));
  return std::make_unique<EcsProvider>(config, std::move(transport), deps.clock, deps.logger);
}

absl::Status RegisterEcsProvider(Registry* registry) {
  return registry->Register("ecs", CreateEcsProvider);
}

}  // namespace osp::providers::ecs
