// HttpTransport: sends one HTTP request to a backend and returns its response. The seam between
// the backend clients (S3, ECS management, MinIO admin) and the network: production code uses
// CurlHttpTransport, unit tests a fake that records requests and replays recorded responses.
//
// Implementations are thread-safe: any number of threads may call Send at once.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/base/call_context.h"

namespace osp::providers::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Pulls up to `max` bytes of a streamed request body into `out`. Returns the number of bytes
// written, 0 at the end of the body, or an error that aborts the request.
using BodyReader = std::function<absl::StatusOr<size_t>(char* out, size_t max)>;
// Receives the next piece of a streamed response body. A non-OK return aborts the transfer.
using BodyWriter = std::function<absl::Status(absl::string_view piece)>;

struct HttpRequest {
  std::string method = "GET";
  // Absolute URL, already encoded (the signer signs exactly this).
  std::string url;
  Headers headers;
  // The body, unless `body_reader` is set.
  std::string body;
  // Streamed body of exactly `body_size` bytes (Content-Length is set from it).
  BodyReader body_reader;
  int64_t body_size = 0;
  // Where a 2xx response body goes, piece by piece, instead of HttpResponse::body. Non-2xx bodies
  // are always buffered (they are error documents).
  BodyWriter response_writer;
  // May be sent again after a connect error, a reset, or a 500, 502, 503 (SlowDown) or 504. Set
  // for GET, HEAD, PUT and DELETE of whole resources. Ignored for a request with a streamed body
  // (body_reader), and no retry happens once part of a 2xx body reached response_writer.
  bool idempotent = false;
  // Name of the operation for errors and metrics ("s3.PutObject", "ecs.login").
  std::string operation;
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
  // How many times the request was sent to get this response. Above 1, the response answers a
  // resend: an earlier send may have taken effect although its answer was lost, so a "this
  // already exists" answer may be about the caller's own earlier send.
  int attempts = 1;

  // First header with this name, compared case-insensitively; empty if absent.
  std::string Header(absl::string_view name) const;
};

// `url` as it may appear in errors and logs: scheme, host, port and path, without user info,
// query string (presigned URLs carry their signature there) or fragment.
std::string RedactedUrl(absl::string_view url);

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;

  // Sends `request` and returns the response for any HTTP status (4xx/5xx are responses, not
  // errors). Errors: the request could not be completed: connection refused / reset / TLS
  // failure -> UNAVAILABLE (TLS failures say which check failed), ctx.deadline() reached ->
  // DEADLINE_EXCEEDED, ctx.cancelled() -> CANCELLED, a reader/writer error -> that error.
  // Messages name the method, host and path, never the query string or headers.
  // Idempotent requests are retried as described in HttpRequest::idempotent, always within the
  // deadline; the final response (with HttpResponse::attempts) or error is returned.
  virtual absl::StatusOr<HttpResponse> Send(const HttpRequest& request,
                                            const base::CallContext& ctx) = 0;
};

}  // namespace osp::providers::http
