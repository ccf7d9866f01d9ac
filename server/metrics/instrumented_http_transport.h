// InstrumentedHttpTransport: an HttpTransport decorator that main() puts around every backend's
// transport. For each request it counts and times the call in DaemonMetrics (by backend id,
// operation and HTTP status), counts successful "*.login" operations as backend logins, and
// writes one debug log line (backend, operation, method, URL without query, status, duration)
// without headers or bodies. Providers never see it. Thread-safe like the transport it wraps.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "providers/base/call_context.h"
#include "providers/base/clock.h"
#include "providers/base/logger.h"
#include "providers/http/http_transport.h"
#include "server/metrics/daemon_metrics.h"

namespace osp::server::metrics {

class InstrumentedHttpTransport final : public providers::http::HttpTransport {
 public:
  // `metrics`, `logger` and `clock` must outlive the transport. `backend` labels everything.
  InstrumentedHttpTransport(std::unique_ptr<providers::http::HttpTransport> inner,
                            std::string backend, DaemonMetrics* metrics,
                            providers::base::Logger* logger, const providers::base::Clock* clock);
  InstrumentedHttpTransport(const InstrumentedHttpTransport&) = delete;
  InstrumentedHttpTransport& operator=(const InstrumentedHttpTransport&) = delete;

  // Sends through the wrapped transport and returns its result unchanged.
  absl::StatusOr<providers::http::HttpResponse> Send(
      const providers::http::HttpRequest& request,
      const providers::base::CallContext& ctx) override;

  // The status label of one outcome: the HTTP status ("404") or the error's code name
  // ("DEADLINE_EXCEEDED").
  static std::string StatusLabel(const absl::StatusOr<providers::http::HttpResponse>& result);
  // Operation label of a request: its operation name, "unnamed" when it has none.
  static std::string OperationLabel(const providers::http::HttpRequest& request);

 private:
  const std::unique_ptr<providers::http::HttpTransport> inner_;
  const std::string backend_;
  DaemonMetrics* const metrics_;
  providers::base::Logger* const logger_;
  const providers::base::Clock* const clock_;
};

}  // namespace osp::server::metrics
