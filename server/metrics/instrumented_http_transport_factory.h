// InstrumentedHttpTransportFactory: the HttpTransportFactory main() hands to providers. It asks
// the wrapped factory (CurlHttpTransportFactory) for each backend's transport, with a retry hook
// that counts retries in DaemonMetrics, and wraps the result in an InstrumentedHttpTransport.
// Thread-safe.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "providers/base/clock.h"
#include "providers/base/logger.h"
#include "providers/http/http_transport.h"
#include "providers/http/http_transport_factory.h"
#include "server/metrics/daemon_metrics.h"

namespace osp::server::metrics {

class InstrumentedHttpTransportFactory final : public providers::http::HttpTransportFactory {
 public:
  // Every pointer must be non-null and outlive the factory and every transport it makes.
  InstrumentedHttpTransportFactory(providers::http::HttpTransportFactory* inner,
                                   DaemonMetrics* metrics, providers::base::Logger* logger,
                                   const providers::base::Clock* clock)
      : inner_(inner), metrics_(metrics), logger_(logger), clock_(clock) {}
  InstrumentedHttpTransportFactory(const InstrumentedHttpTransportFactory&) = delete;
  InstrumentedHttpTransportFactory& operator=(const InstrumentedHttpTransportFactory&) = delete;

  // The wrapped factory's transport for `options` (its errors unchanged), instrumented and
  // labelled with options.backend_id. An on_retry hook already in `options` still runs.
  absl::StatusOr<std::unique_ptr<providers::http::HttpTransport>> Create(
      const providers::http::HttpTransportOptions& options) override;

 private:
  providers::http::HttpTransportFactory* const inner_;
  DaemonMetrics* const metrics_;
  providers::base::Logger* const logger_;
  const providers::base::Clock* const clock_;
};

}  // namespace osp::server::metrics
