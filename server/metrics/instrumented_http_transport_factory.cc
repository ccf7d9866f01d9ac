#include "server/metrics/instrumented_http_transport_factory.h"

#include <string>
#include <utility>

#include "providers/base/status_macros.h"
#include "server/metrics/instrumented_http_transport.h"

namespace osp::server::metrics {

absl::StatusOr<std::unique_ptr<providers::http::HttpTransport>>
InstrumentedHttpTransportFactory::Create(const providers::http::HttpTransportOptions& options) {
  providers::http::HttpTransportOptions instrumented = options;
  instrumented.on_retry = [metrics = metrics_, backend = options.backend_id,
                           chained =
                               options.on_retry](const providers::http::HttpRequest& request) {
    metrics->RecordBackendRetry(backend, InstrumentedHttpTransport::OperationLabel(request));
    if (chained) chained(request);
  };
  ASSIGN_OR_RETURN(std::unique_ptr<providers::http::HttpTransport> transport,
                   inner_->Create(instrumented));
  return std::make_unique<InstrumentedHttpTransport>(std::move(transport), options.backend_id,
                                                     metrics_, logger_, clock_);
}

}  // namespace osp::server::metrics
