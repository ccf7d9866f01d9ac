// CurlRequest: one attempt of one HttpRequest on one libcurl easy handle. It sets the handle's
// options (TLS, timeouts, method, headers), feeds the request body, collects the response or
// streams a 2xx body to the caller's writer, and turns libcurl's outcome into a response or an
// absl::Status. Used by one thread only; CurlHttpTransport makes one per attempt.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "providers/base/call_context.h"
#include "providers/http/http_transport.h"
#include "providers/http/http_transport_factory.h"

namespace osp::providers::http {

class CurlRequest final {
 public:
  struct Outcome {
    absl::StatusOr<HttpResponse> response;
    // The attempt failed in the network (connect error, reset) before any byte reached the
    // request's response_writer, so an idempotent request may be sent again.
    bool retryable = false;
  };

  // Longest error document kept from a non-2xx response; the rest is read and dropped.
  static constexpr size_t kMaxErrorBody = 1 << 20;

  // `timeout` bounds the whole attempt; absl::InfiniteDuration(): no bound. All references must
  // outlive the CurlRequest.
  CurlRequest(const HttpTransportOptions& options, const HttpRequest& request,
              const base::CallContext& ctx, absl::Duration timeout);
  CurlRequest(const CurlRequest&) = delete;
  CurlRequest& operator=(const CurlRequest&) = delete;

  // Runs the attempt on `easy` (a handle fresh from the pool). Call once.
  Outcome Perform(CURL* easy);

  // "operation: METHOD url-without-query", the subject of every error message.
  static std::string Describe(const HttpRequest& request);

 private:
  absl::Status Configure(CURL* easy, curl_slist** header_list);
  absl::Status ErrorStatus(CURLcode code) const;
  bool IsRetryable(CURLcode code) const;

  static size_t OnHeader(char* data, size_t size, size_t count, void* self);
  static size_t OnWrite(char* data, size_t size, size_t count, void* self);
  static size_t OnRead(char* out, size_t size, size_t count, void* self);
  static int OnSeek(void* self, curl_off_t offset, int origin);
  static int OnProgress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t);

  const HttpTransportOptions& options_;
  const HttpRequest& request_;
  const base::CallContext& ctx_;
  const absl::Duration timeout_;

  HttpResponse response_;
  // Bytes of the request body handed to libcurl so far.
  int64_t body_offset_ = 0;
  // Whether any of a 2xx body went to request_.response_writer (it cannot be taken back).
  bool wrote_to_writer_ = false;
  bool cancelled_ = false;
  // The first error a reader or writer callback returned; it aborted the transfer.
  absl::Status callback_status_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace osp::providers::http
