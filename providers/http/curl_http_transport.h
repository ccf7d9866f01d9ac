// CurlHttpTransport: the libcurl HttpTransport, one per backend (options fixed at creation).
// Keeps open connections between calls in a small pool of easy handles, each used by one thread
// at a time; bounds every attempt by the caller's deadline; retries idempotent requests with
// full-jitter exponential backoff that never runs past the deadline. Thread-safe. The process must
// have called curl_global_init() (main does) before the first transport is made.
#pragma once

#include <functional>
#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/random/random.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "providers/base/call_context.h"
#include "providers/base/clock.h"
#include "providers/base/logger.h"
#include "providers/http/http_transport.h"
#include "providers/http/http_transport_factory.h"

namespace osp::providers::http {

class CurlHandlePool;

// Uniform random numbers in [0, 1]; a backoff is this fraction of its cap ("full jitter").
// Called from any number of threads at once.
using JitterSource = std::function<double()>;

class CurlHttpTransport final : public HttpTransport {
 public:
  // Idle easy handles (and so kept-alive connections) kept per transport.
  static constexpr size_t kMaxIdleHandles = 16;
  // Upper bound of one backoff however many retries came before.
  static constexpr absl::Duration kMaxBackoff = absl::Seconds(10);

  // A transport for `options`. Unreadable or broken TLS files -> INVALID_ARGUMENT naming the
  // option; negative max_retries or non-positive durations -> INVALID_ARGUMENT naming the field.
  // Logs one warning when insecure_skip_verify is set. `logger` and `clock` must be non-null and
  // outlive the transport; `jitter` null: a generator seeded from the OS.
  static absl::StatusOr<std::unique_ptr<CurlHttpTransport>> Create(
      const HttpTransportOptions& options, base::Logger* logger, base::Clock* clock,
      JitterSource jitter = nullptr);
  ~CurlHttpTransport() override;
  CurlHttpTransport(const CurlHttpTransport&) = delete;
  CurlHttpTransport& operator=(const CurlHttpTransport&) = delete;

  // See HttpTransport::Send. Specifics: a deadline already past -> DEADLINE_EXCEEDED before
  // anything is sent. Each attempt is bounded by the deadline; without one, by
  // options.default_timeout unless the request streams a body (body_reader or response_writer).
  // Requests with idempotent set and no body_reader are sent again after a connect error, a lost
  // connection (unless part of a 2xx body already reached response_writer) or a 500/502/503/504,
  // at most max_retries times, sleeping (via the Clock) a random fraction of
  // min(initial_backoff * 2^retry, kMaxBackoff) first; a retry whose sleep plus the duration of
  // the previous attempt would reach the deadline is not made. Returns the last response or error.
  absl::StatusOr<HttpResponse> Send(const HttpRequest& request,
                                    const base::CallContext& ctx) override;

 private:
  CurlHttpTransport(const HttpTransportOptions& options, base::Logger* logger, base::Clock* clock,
                    JitterSource jitter);

  double Jitter();
  absl::Duration Backoff(int retry);

  const HttpTransportOptions options_;
  base::Logger* const logger_;
  base::Clock* const clock_;
  const JitterSource jitter_;
  const std::unique_ptr<CurlHandlePool> handles_;
  absl::Mutex random_mu_;
  absl::BitGen random_ ABSL_GUARDED_BY(random_mu_);
};

}  // namespace osp::providers::http
