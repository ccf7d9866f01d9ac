#include "providers/http/curl_http_transport.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "providers/base/status_macros.h"
#include "providers/http/curl_handle_pool.h"
#include "providers/http/curl_request.h"
#include "providers/http/tls_files.h"

namespace osp::providers::http {
namespace {

absl::Status CheckOptions(const HttpTransportOptions& options) {
  if (options.max_retries < 0) return absl::InvalidArgumentError("max_retries: must be >= 0");
  if (options.connect_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("connect_timeout: must be positive");
  }
  if (options.default_timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("default_timeout: must be positive");
  }
  if (options.initial_backoff < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("initial_backoff: must not be negative");
  }
  return CheckTlsFiles(options);
}

// Statuses that say "try again" rather than "this request is wrong" (503 includes SlowDown).
bool IsRetryableStatus(int status) {
  return status == 500 || status == 502 || status == 503 || status == 504;
}

// `response` as the answer to the `attempts`-th send of its request.
absl::StatusOr<HttpResponse> Answered(absl::StatusOr<HttpResponse> response, int attempts) {
  if (response.ok()) response->attempts = attempts;
  return response;
}

}  // namespace

absl::StatusOr<std::unique_ptr<CurlHttpTransport>> CurlHttpTransport::Create(
    const HttpTransportOptions& options, base::Logger* logger, base::Clock* clock,
    JitterSource jitter) {
  if (logger == nullptr || clock == nullptr) {
    return absl::InvalidArgumentError("CurlHttpTransport needs a logger and a clock");
  }
  RETURN_IF_ERROR(CheckOptions(options));
  if (options.insecure_skip_verify) {
    logger->Log(base::LogLevel::kWarn,
                "TLS verification is off: backend server certificates are not checked",
                {{"backend", options.backend_id}});
  }
  return std::unique_ptr<CurlHttpTransport>(
      new CurlHttpTransport(options, logger, clock, std::move(jitter)));
}

CurlHttpTransport::CurlHttpTransport(const HttpTransportOptions& options, base::Logger* logger,
                                     base::Clock* clock, JitterSource jitter)
    : options_(options),
      logger_(logger),
      clock_(clock),
      jitter_(std::move(jitter)),
      handles_(std::make_unique<CurlHandlePool>(kMaxIdleHandles)) {}

CurlHttpTransport::~CurlHttpTransport() = default;

absl::StatusOr<HttpResponse> CurlHttpTransport::Send(const HttpRequest& request,
                                                     const base::CallContext& ctx) {
  if (request.body_reader && request.body_size < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(CurlRequest::Describe(request), ": negative body_size"));
  }
  const bool streamed = request.body_reader || request.response_writer;
  const int attempts = request.idempotent && !request.body_reader ? 1 + options_.max_retries : 1;
  CurlRequest::Outcome last;
  for (int attempt = 0;; ++attempt) {
    const absl::Time start = clock_->Now();
    if (ctx.cancelled()) {
      return absl::CancelledError(
          absl::StrCat(CurlRequest::Describe(request), ": cancelled by the caller"));
    }
    const absl::Duration remaining = ctx.deadline() - start;
    if (remaining <= absl::ZeroDuration()) {
      if (attempt > 0) return Answered(std::move(last.response), attempt);
      return absl::DeadlineExceededError(
          absl::StrCat(CurlRequest::Describe(request), ": deadline exceeded before sending"));
    }
    absl::Duration timeout = remaining;
    if (remaining == absl::InfiniteDuration()) {
      timeout = streamed ? absl::InfiniteDuration() : options_.default_timeout;
    }
    {
      ASSIGN_OR_RETURN(CurlHandlePool::Lease easy, handles_->Checkout());
      CurlRequest curl_request(options_, request, ctx, timeout);
      last = curl_request.Perform(easy.get());
    }

    const bool retryable =
        last.response.ok() ? IsRetryableStatus(last.response->status) : last.retryable;
    if (!retryable || attempt + 1 >= attempts) {
      return Answered(std::move(last.response), attempt + 1);
    }
    const absl::Time now = clock_->Now();
    const absl::Duration delay = Backoff(attempt);
    // The next attempt is assumed to take as long as this one; one that cannot finish in time
    // would only delay the answer.
    if (now + delay + (now - start) >= ctx.deadline()) {
      return Answered(std::move(last.response), attempt + 1);
    }
    if (logger_->Enabled(base::LogLevel::kInfo)) {
      logger_->Log(base::LogLevel::kInfo, "retrying backend HTTP request",
                   {{"backend", options_.backend_id},
                    {"request", CurlRequest::Describe(request)},
                    {"attempt", absl::StrCat(attempt + 2)},
                    {"after", last.response.ok() ? absl::StrCat("HTTP ", last.response->status)
                                                 : last.response.status().ToString()},
                    {"backoff", absl::FormatDuration(delay)}});
    }
    clock_->SleepFor(delay);
    if (options_.on_retry) options_.on_retry(request);
  }
}

double CurlHttpTransport::Jitter() {
  if (jitter_) return std::clamp(jitter_(), 0.0, 1.0);
  absl::MutexLock lock(&random_mu_);
  return absl::Uniform(absl::IntervalClosed, random_, 0.0, 1.0);
}

absl::Duration CurlHttpTransport::Backoff(int retry) {
  absl::Duration cap = options_.initial_backoff;
  for (int i = 0; i < retry && cap < kMaxBackoff; ++i) cap *= 2;
  return std::min(cap, kMaxBackoff) * Jitter();
}

}  // namespace osp::providers::http
