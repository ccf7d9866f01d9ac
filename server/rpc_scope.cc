#include "server/rpc_scope.h"

#include <utility>

#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "server/redaction.h"
#include "server/status_mapping.h"

namespace osp::server {
namespace {

using providers::base::LogLevel;

LogLevel LevelFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
      return LogLevel::kError;  // Our bug or a broken backend: someone should look.
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kPermissionDenied:  // ospd refused by a backend.
    case absl::StatusCode::kUnauthenticated:
      return LogLevel::kWarn;
    default:
      return LogLevel::kInfo;  // Success, or the caller's mistake.
  }
}

}  // namespace

RpcScope::RpcScope(providers::base::Logger* logger, metrics::DaemonMetrics* metrics,
                   absl::string_view rpc, std::string peer)
    : logger_(logger),
      metrics_(metrics),
      rpc_(rpc),
      peer_(std::move(peer)),
      start_(std::chrono::steady_clock::now()) {}

RpcScope::~RpcScope() {
  if (in_flight_ != nullptr) in_flight_->Add(-1);
}

void RpcScope::CountInFlight() {
  if (in_flight_ != nullptr) return;
  in_flight_ = metrics_->StreamsInFlight(rpc_);
  in_flight_->Add(1);
}

grpc::Status RpcScope::Finish(const absl::Status& status) {
  const std::chrono::duration<double, std::milli> elapsed =
      std::chrono::steady_clock::now() - start_;
  metrics_->RecordRpc(rpc_, status.code(), absl::Milliseconds(elapsed.count()));
  const LogLevel level = LevelFor(status.code());
  if (logger_->Enabled(level)) {
    providers::base::LogFields fields = {{"rpc", rpc_}};
    if (!backend_.empty()) fields.emplace_back("backend", backend_);
    if (!bucket_.empty()) fields.emplace_back("bucket", bucket_);
    fields.emplace_back("code", absl::StatusCodeToString(status.code()));
    fields.emplace_back("duration_ms", absl::StrFormat("%.3f", elapsed.count()));
    fields.emplace_back("peer", peer_);
    if (!status.ok()) fields.emplace_back("error", std::string(status.message()));
    if (logger_->Enabled(LogLevel::kDebug)) {
      if (request_ != nullptr) fields.emplace_back("request", RedactedJson(*request_));
      if (response_ != nullptr && status.ok()) {
        fields.emplace_back("response", RedactedJson(*response_));
      }
    }
    logger_->Log(level, "rpc", fields);
  }
  return ToGrpcStatus(status);
}

}  // namespace osp::server
