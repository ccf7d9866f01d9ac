#include "server/metrics/instrumented_http_transport.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace osp::server::metrics {
namespace {

using providers::base::LogLevel;
using providers::http::HttpRequest;
using providers::http::HttpResponse;

// Operations whose success opens a backend session (ECS: "ecs.login").
constexpr absl::string_view kLoginSuffix = ".login";

}  // namespace

InstrumentedHttpTransport::InstrumentedHttpTransport(
    std::unique_ptr<providers::http::HttpTransport> inner, std::string backend,
    DaemonMetrics* metrics, providers::base::Logger* logger, const providers::base::Clock* clock)
    : inner_(std::move(inner)),
      backend_(std::move(backend)),
      metrics_(metrics),
      logger_(logger),
      clock_(clock) {}

std::string InstrumentedHttpTransport::StatusLabel(const absl::StatusOr<HttpResponse>& result) {
  if (result.ok()) return absl::StrCat(result->status);
  return absl::StatusCodeToString(result.status().code());
}

std::string InstrumentedHttpTransport::OperationLabel(const HttpRequest& request) {
  return request.operation.empty() ? "unnamed" : request.operation;
}

absl::StatusOr<HttpResponse> InstrumentedHttpTransport::Send(
    const HttpRequest& request, const providers::base::CallContext& ctx) {
  const absl::Time start = clock_->Now();
  absl::StatusOr<HttpResponse> result = inner_->Send(request, ctx);
  const absl::Duration elapsed = clock_->Now() - start;
  const std::string operation = OperationLabel(request);
  const std::string status = StatusLabel(result);
  metrics_->RecordBackendHttp(backend_, operation, status, elapsed);
  if (result.ok() && result->status / 100 == 2 && absl::EndsWith(operation, kLoginSuffix)) {
    metrics_->RecordBackendLogin(backend_);
  }
  if (logger_->Enabled(LogLevel::kDebug)) {
    providers::base::LogFields fields = {
        {"backend", backend_},
        {"operation", operation},
        {"method", request.method},
        {"url", providers::http::RedactedUrl(request.url)},
        {"status", status},
        {"duration_ms", absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(elapsed))}};
    if (!result.ok()) fields.emplace_back("error", std::string(result.status().message()));
    logger_->Log(LogLevel::kDebug, "backend http", fields);
  }
  return result;
}

}  // namespace osp::server::metrics
