// RpcScope: the one wrapper every RPC of ObjectStoreService runs through. Opened when the RPC
// starts, it measures the call, writes the RPC's single log line and maps the final absl::Status
// to the grpc::Status the handler returns, and records the RPC in DaemonMetrics (count and
// latency by method and code; streams in flight). One per RPC, used only by the thread serving
// it (not thread-safe).
//
// The log line: message "rpc", fields rpc, backend, bucket (when there is one), code, duration_ms,
// peer, and error (the status message) when not OK. With debug enabled also request and response
// (OK only) as JSON, secrets redacted. Level info; warn for UNAVAILABLE, PERMISSION_DENIED and
// UNAUTHENTICATED; error for INTERNAL, UNKNOWN and DATA_LOSS.
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "providers/base/logger.h"
#include "server/metrics/daemon_metrics.h"
#include "server/metrics/gauge.h"

namespace osp::server {

class RpcScope final {
 public:
  // `logger` and `metrics` must outlive the scope; `rpc` is the method name ("CreateBucket");
  // `peer` the caller's address as gRPC reports it ("ipv4:10.0.0.1:5432", "unix:/run/ospd.sock").
  RpcScope(providers::base::Logger* logger, metrics::DaemonMetrics* metrics, absl::string_view rpc,
           std::string peer);
  // Ends the in-flight count of a streaming RPC.
  ~RpcScope();
  RpcScope(const RpcScope&) = delete;
  RpcScope& operator=(const RpcScope&) = delete;

  void set_backend(absl::string_view backend) { backend_ = std::string(backend); }
  void set_bucket(absl::string_view bucket) { bucket_ = std::string(bucket); }
  // Messages for the debug fields; each must stay alive until Finish.
  void set_request(const google::protobuf::Message* request) { request_ = request; }
  void set_response(const google::protobuf::Message* response) { response_ = response; }
  // Counts this RPC in osp_streams_in_flight{method} until the scope ends. Call once.
  void CountInFlight();

  // Writes the log line, records the RPC's code and duration, and returns `status` mapped by
  // ToGrpcStatus. Call once, last.
  grpc::Status Finish(const absl::Status& status);

 private:
  providers::base::Logger* const logger_;
  metrics::DaemonMetrics* const metrics_;
  const std::string rpc_;
  const std::string peer_;
  const std::chrono::steady_clock::time_point start_;
  std::string backend_;
  std::string bucket_;
  const google::protobuf::Message* request_ = nullptr;
  const google::protobuf::Message* response_ = nullptr;
  metrics::Gauge* in_flight_ = nullptr;
};

}  // namespace osp::server
