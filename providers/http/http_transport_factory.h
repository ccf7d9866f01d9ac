// HttpTransportFactory: makes the HttpTransport a backend uses, configured with the backend's TLS
// and timeout options. Injected through ProviderDeps so that tests can hand providers a fake
// transport. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace osp::providers::http {

class HttpTransport;
struct HttpRequest;

struct HttpTransportOptions {
  // Backend id, for the one warning logged when verification is off, and for metrics.
  std::string backend_id;
  // PEM CA bundle to verify servers with; empty: the system store.
  std::string ca_file;
  // Accept any server certificate. Default false.
  bool insecure_skip_verify = false;
  // PEM client certificate and key, for backends that require mTLS; empty: none.
  std::string client_cert_file;
  std::string client_key_file;
  // Bound on connecting (TCP + TLS), within the caller's deadline. Default 10 s.
  absl::Duration connect_timeout = absl::Seconds(10);
  // Bound on a whole request when the caller has no deadline. Default 30 s; transfers of
  // streamed bodies are bounded by the caller's deadline only.
  absl::Duration default_timeout = absl::Seconds(30);
  // Retries of idempotent requests (attempts = 1 + max_retries). Default 2.
  int max_retries = 2;
  // First backoff; doubled each retry, with full jitter. Default 100 ms.
  absl::Duration initial_backoff = absl::Milliseconds(100);
  // Called just before a request is sent again (after its backoff), with that request; for
  // metrics. Runs on the sending thread, possibly on many threads at once. Default: none.
  std::function<void(const HttpRequest& request)> on_retry;
};

class HttpTransportFactory {
 public:
  virtual ~HttpTransportFactory() = default;
  // A transport with these options. Unreadable ca_file / client cert -> INVALID_ARGUMENT naming
  // the option.
  virtual absl::StatusOr<std::unique_ptr<HttpTransport>> Create(
      const HttpTransportOptions& options) = 0;
};

}  // namespace osp::providers::http
