#include "providers/minio/minio_provider_factory.h"

#include <memory>
#include <utility>

#include "providers/base/status_macros.h"
#include "providers/http/http_transport_factory.h"
#include "providers/minio/minio_config.h"
#include "providers/minio/minio_provider.h"

namespace osp::providers::minio {
namespace {

absl::StatusOr<std::unique_ptr<Provider>> CreateMinioProvider(const BackendSettings& settings,
                                                              const ProviderDeps& deps) {
  ASSIGN_OR_RETURN(MinioConfig config, MinioConfig::FromSettings(settings));
  if (deps.transports == nullptr || deps.clock == nullptr) {
    return absl::InternalError("minio: provider dependencies are missing");
  }
  http::HttpTransportOptions options;
  options.backend_id = config.backend_id;
  options.ca_file = config.ca_file;
  options.insecure_skip_verify = config.insecure_skip_verify;
  options.default_timeout = config.request_timeout;
  ASSIGN_OR_RETURN(std::unique_ptr<http::HttpTransport> transport,
                   deps.transports->Create(options));
  return std::make_unique<MinioProvider>(std::move(config), std::move(transport), deps.clock);
}

}  // namespace

absl::Status RegisterMinioProvider(Registry* registry) {
  return registry->Register("minio", CreateMinioProvider);
}

}  // namespace osp::providers::minio
