// DaemonMetrics: the metrics ospd exports, registered in one MetricRegistry, behind typed calls
// for the places that record them (RpcScope, the object streams, InstrumentedHttpTransport).
// Labels are bounded by design: RPC method and code, backend id, operation name, HTTP status,
// direction. Never an account, user, bucket or object key, never a secret. Thread-safe.
//
//   osp_build_info{version}                                 gauge, always 1
//   osp_rpc_requests_total{method,code}                     counter
//   osp_rpc_duration_seconds{method}                        histogram
//   osp_streams_in_flight{method}                           gauge (PutObject, GetObject)
//   osp_object_bytes_total{direction}                       counter (upload, download)
//   osp_backend_http_requests_total{backend,operation,status}  counter
//   osp_backend_http_duration_seconds{backend,operation}    histogram
//   osp_backend_http_retries_total{backend,operation}       counter
//   osp_backend_logins_total{backend}                       counter
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/metrics/counter.h"
#include "server/metrics/gauge.h"
#include "server/metrics/histogram.h"
#include "server/metrics/metric_family.h"
#include "server/metrics/metric_registry.h"

namespace osp::server::metrics {

class DaemonMetrics final {
 public:
  // Bucket upper bounds (seconds) of both latency histograms: 1 ms to 2 minutes, enough for a
  // management call and for a large object streamed through.
  static std::vector<double> LatencyBuckets();

  // Registers every family in `registry` (which must outlive the result) and sets
  // osp_build_info{version="<version>"} to 1. Fails only if a family of the same name is
  // already registered (ALREADY_EXISTS).
  static absl::StatusOr<std::unique_ptr<DaemonMetrics>> Create(MetricRegistry* registry,
                                                               absl::string_view version);
  DaemonMetrics(const DaemonMetrics&) = delete;
  DaemonMetrics& operator=(const DaemonMetrics&) = delete;

  // One finished RPC: its method ("CreateBucket"), final code and duration.
  void RecordRpc(absl::string_view method, absl::StatusCode code, absl::Duration elapsed);
  // The in-flight gauge of streaming RPC `method`; the caller adds 1 and subtracts it again.
  Gauge* StreamsInFlight(absl::string_view method);
  // Object data received from callers (PutObject) / sent to callers (GetObject).
  Counter* UploadedBytes() { return uploaded_bytes_; }
  Counter* DownloadedBytes() { return downloaded_bytes_; }

  // One backend HTTP request as its caller saw it (retries included): `status` is the HTTP
  // status ("200") or, without a response, the error code name ("UNAVAILABLE").
  void RecordBackendHttp(absl::string_view backend, absl::string_view operation,
                         absl::string_view status, absl::Duration elapsed);
  // The transport is about to send a request again.
  void RecordBackendRetry(absl::string_view backend, absl::string_view operation);
  // A backend session was opened (a management login that succeeded).
  void RecordBackendLogin(absl::string_view backend);

 private:
  DaemonMetrics() = default;

  MetricFamily<Counter>* rpc_requests_ = nullptr;
  MetricFamily<Histogram>* rpc_duration_ = nullptr;
  MetricFamily<Gauge>* streams_in_flight_ = nullptr;
  Counter* uploaded_bytes_ = nullptr;
  Counter* downloaded_bytes_ = nullptr;
  MetricFamily<Counter>* backend_requests_ = nullptr;
  MetricFamily<Histogram>* backend_duration_ = nullptr;
  MetricFamily<Counter>* backend_retries_ = nullptr;
  MetricFamily<Counter>* backend_logins_ = nullptr;
};

}  // namespace osp::server::metrics
