#include "server/metrics/daemon_metrics.h"

#include <vector>

#include "providers/base/status_macros.h"

namespace osp::server::metrics {

std::vector<double> DaemonMetrics::LatencyBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120};
}

absl::StatusOr<std::unique_ptr<DaemonMetrics>> DaemonMetrics::Create(MetricRegistry* registry,
                                                                     absl::string_view version) {
  std::unique_ptr<DaemonMetrics> m(new DaemonMetrics());
  ASSIGN_OR_RETURN(
      MetricFamily<Gauge> * build_info,
      registry->AddGauge("osp_build_info", "ospd build; the value is always 1.", {"version"}));
  build_info->With({std::string(version)})->Set(1);
  ASSIGN_OR_RETURN(m->rpc_requests_,
                   registry->AddCounter("osp_rpc_requests_total",
                                        "gRPC requests finished, by method and status code.",
                                        {"method", "code"}));
  ASSIGN_OR_RETURN(m->rpc_duration_,
                   registry->AddHistogram("osp_rpc_duration_seconds",
                                          "gRPC request duration in seconds, by method.",
                                          {"method"}, LatencyBuckets()));
  ASSIGN_OR_RETURN(
      m->streams_in_flight_,
      registry->AddGauge("osp_streams_in_flight",
                         "Streaming RPCs (object transfers) in progress, by method.", {"method"}));
  for (const char* method : {"GetObject", "PutObject"}) m->streams_in_flight_->With({method});
  ASSIGN_OR_RETURN(MetricFamily<Counter> * bytes,
                   registry->AddCounter("osp_object_bytes_total",
                                        "Object data streamed through ospd, in bytes: upload "
                                        "(PutObject, from callers) or download (GetObject).",
                                        {"direction"}));
  m->downloaded_bytes_ = bytes->With({"download"});
  m->uploaded_bytes_ = bytes->With({"upload"});
  ASSIGN_OR_RETURN(
      m->backend_requests_,
      registry->AddCounter("osp_backend_http_requests_total",
                           "HTTP requests to backends, by backend id, operation and HTTP status "
                           "(or error code when no response came back). Retries included.",
                           {"backend", "operation", "status"}));
  ASSIGN_OR_RETURN(
      m->backend_duration_,
      registry->AddHistogram("osp_backend_http_duration_seconds",
                             "Backend HTTP request duration in seconds, retries included.",
                             {"backend", "operation"}, LatencyBuckets()));
  ASSIGN_OR_RETURN(m->backend_retries_,
                   registry->AddCounter("osp_backend_http_retries_total",
                                        "Backend HTTP requests sent again after a connection "
                                        "error or a 5xx, by backend id and operation.",
                                        {"backend", "operation"}));
  ASSIGN_OR_RETURN(m->backend_logins_,
                   registry->AddCounter("osp_backend_logins_total",
                                        "Successful backend management logins (new session "
                                        "tokens), by backend id.",
                                        {"backend"}));
  return m;
}

void DaemonMetrics::RecordRpc(absl::string_view method, absl::StatusCode code,
                              absl::Duration elapsed) {
  rpc_requests_->With({std::string(method), absl::StatusCodeToString(code)})->Increment();
  rpc_duration_->With({std::string(method)})->Observe(absl::ToDoubleSeconds(elapsed));
}

Gauge* DaemonMetrics::StreamsInFlight(absl::string_view method) {
  return streams_in_flight_->With({std::string(method)});
}

void DaemonMetrics::RecordBackendHttp(absl::string_view backend, absl::string_view operation,
                                      absl::string_view status, absl::Duration elapsed) {
  backend_requests_->With({std::string(backend), std::string(operation), std::string(status)})
      ->Increment();
  backend_duration_->With({std::string(backend), std::string(operation)})
      ->Observe(absl::ToDoubleSeconds(elapsed));
}

void DaemonMetrics::RecordBackendRetry(absl::string_view backend, absl::string_view operation) {
  backend_retries_->With({std::string(backend), std::string(operation)})->Increment();
}

void DaemonMetrics::RecordBackendLogin(absl::string_view backend) {
  backend_logins_->With({std::string(backend)})->Increment();
}

}  // namespace osp::server::metrics
