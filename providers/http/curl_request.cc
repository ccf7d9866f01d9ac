#include "providers/http/curl_request.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "providers/base/status_macros.h"

namespace osp::providers::http {
namespace {

// Large buffers keep streamed transfers from being bound by per-callback overhead.
constexpr long kBufferSize = 256 * 1024;

// Sets one option; libcurl refuses only on a build that lacks a feature we rely on.
template <typename T>
absl::Status SetOpt(CURL* easy, CURLoption option, T value) {
  CURLcode code = curl_easy_setopt(easy, option, value);
  if (code == CURLE_OK) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("libcurl refused option ", static_cast<int>(option), ": ",
                                          curl_easy_strerror(code)));
}

long ToMillis(absl::Duration d) {
  return std::max<long>(1, static_cast<long>(absl::ToInt64Milliseconds(d)));
}

bool HasBody(const HttpRequest& request) {
  return request.body_reader || !request.body.empty() || request.method == "PUT" ||
         request.method == "POST" || request.method == "PATCH";
}

int64_t BodySize(const HttpRequest& request) {
  return request.body_reader ? request.body_size : static_cast<int64_t>(request.body.size());
}

}  // namespace

CurlRequest::CurlRequest(const HttpTransportOptions& options, const HttpRequest& request,
                         const base::CallContext& ctx, absl::Duration timeout)
    : options_(options), request_(request), ctx_(ctx), timeout_(timeout) {}

std::string CurlRequest::Describe(const HttpRequest& request) {
  return absl::StrCat(request.operation, request.operation.empty() ? "" : ": ", request.method, " ",
                      RedactedUrl(request.url));
}

CurlRequest::Outcome CurlRequest::Perform(CURL* easy) {
  curl_slist* header_list = nullptr;
  absl::Status configured = Configure(easy, &header_list);
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> free_headers(header_list,
                                                                           &curl_slist_free_all);
  if (!configured.ok()) return {configured, false};

  CURLcode code = curl_easy_perform(easy);
  if (code != CURLE_OK) return {ErrorStatus(code), IsRetryable(code)};
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  response_.status = static_cast<int>(status);
  return {std::move(response_), false};
}

absl::Status CurlRequest::Configure(CURL* easy, curl_slist** header_list) {
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_URL, request_.url.c_str()));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_PROTOCOLS_STR, "http,https"));
  // libcurl would otherwise read proxy settings from the environment behind our back.
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_PROXY, ""));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1)));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_NOSIGNAL, 1L));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_TCP_KEEPALIVE, 1L));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_BUFFERSIZE, kBufferSize));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_UPLOAD_BUFFERSIZE, kBufferSize));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_ERRORBUFFER, error_buffer_));

  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2)));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_SSL_VERIFYPEER, options_.insecure_skip_verify ? 0L : 1L));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_SSL_VERIFYHOST, options_.insecure_skip_verify ? 0L : 2L));
  if (!options_.ca_file.empty()) {
    RETURN_IF_ERROR(SetOpt(easy, CURLOPT_CAINFO, options_.ca_file.c_str()));
  }
  if (!options_.client_cert_file.empty()) {
    RETURN_IF_ERROR(SetOpt(easy, CURLOPT_SSLCERT, options_.client_cert_file.c_str()));
    RETURN_IF_ERROR(SetOpt(easy, CURLOPT_SSLKEY, options_.client_key_file.c_str()));
  }

  absl::Duration connect_timeout = std::min(options_.connect_timeout, timeout_);
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_CONNECTTIMEOUT_MS, ToMillis(connect_timeout)));
  if (timeout_ != absl::InfiniteDuration()) {
    RETURN_IF_ERROR(SetOpt(easy, CURLOPT_TIMEOUT_MS, ToMillis(timeout_)));
  }

  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_HEADERFUNCTION, &CurlRequest::OnHeader));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_HEADERDATA, this));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_WRITEFUNCTION, &CurlRequest::OnWrite));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_WRITEDATA, this));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_NOPROGRESS, 0L));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_XFERINFOFUNCTION, &CurlRequest::OnProgress));
  RETURN_IF_ERROR(SetOpt(easy, CURLOPT_XFERINFODATA, this));

  if (request_.method == "HEAD") {
    RETURN_IF_ERROR(SetOpt(easy, CURLOPT_NOBODY, 1L));
  } else if (HasBody(request_)) {
    // Upload mode sends Content-Length even for an empty body (some servers insist on it).
    RETURN_IF_ERROR(SetOpt(easy, CURLOPT_UPLOAD, 1L));
    RETURN_IF_ERROR(
        SetOpt(easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(BodySize(request_))));
    RETURN_IF_ERROR(SetOpt(easy, CURLOPT_READFUNCTION, &CurlRequest::OnRead));
    RETURN_IF_ERROR(SetOpt(easy, CURLOPT_READDATA, this));
    RETURN_IF_ERROR(SetOpt(easy, CURLOPT_SEEKFUNCTION, &CurlRequest::OnSeek));
    RETURN_IF_ERROR(SetOpt(easy, CURLOPT_SEEKDATA, this));
    if (request_.method != "PUT") {
      RETURN_IF_ERROR(SetOpt(easy, CURLOPT_CUSTOMREQUEST, request_.method.c_str()));
    }
  } else if (request_.method != "GET") {
    RETURN_IF_ERROR(SetOpt(easy, CURLOPT_CUSTOMREQUEST, request_.method.c_str()));
  }

  for (const auto& [name, value] : request_.headers) {
    // "Name:" would delete a header in libcurl; "Name;" sends it with an empty value.
    std::string line = value.empty() ? absl::StrCat(name, ";") : absl::StrCat(name, ": ", value);
    curl_slist* appended = curl_slist_append(*header_list, line.c_str());
    if (appended == nullptr) return absl::ResourceExhaustedError("out of memory for headers");
    *header_list = appended;
  }
  // Without this libcurl waits up to a second for "100 Continue" before sending a large body.
  curl_slist* appended = curl_slist_append(*header_list, "Expect:");
  if (appended == nullptr) return absl::ResourceExhaustedError("out of memory for headers");
  *header_list = appended;
  return SetOpt(easy, CURLOPT_HTTPHEADER, *header_list);
}

size_t CurlRequest::OnHeader(char* data, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<CurlRequest*>(self_ptr);
  const size_t length = size * count;
  absl::string_view line = absl::StripTrailingAsciiWhitespace(absl::string_view(data, length));
  if (absl::StartsWith(line, "HTTP/")) {
    // A new status line (after "100 Continue", say) starts a new header block.
    self->response_.headers.clear();
    std::vector<absl::string_view> parts = absl::StrSplit(line, absl::MaxSplits(' ', 2));
    int status = 0;
    if (parts.size() >= 2 && absl::SimpleAtoi(parts[1], &status)) self->response_.status = status;
    return length;
  }
  size_t colon = line.find(':');
  if (colon == absl::string_view::npos) return length;
  self->response_.headers.emplace_back(
      std::string(absl::StripAsciiWhitespace(line.substr(0, colon))),
      std::string(absl::StripAsciiWhitespace(line.substr(colon + 1))));
  return length;
}

size_t CurlRequest::OnWrite(char* data, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<CurlRequest*>(self_ptr);
  const size_t length = size * count;
  const bool success = self->response_.status / 100 == 2;
  if (success && self->request_.response_writer) {
    absl::Status written = self->request_.response_writer(absl::string_view(data, length));
    if (!written.ok()) {
      self->callback_status_ = std::move(written);
      return 0;  // libcurl aborts with CURLE_WRITE_ERROR
    }
    self->wrote_to_writer_ = true;
    return length;
  }
  std::string& body = self->response_.body;
  size_t keep =
      success ? length : std::min(length, kMaxErrorBody - std::min(kMaxErrorBody, body.size()));
  body.append(data, keep);
  return length;
}

size_t CurlRequest::OnRead(char* out, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<CurlRequest*>(self_ptr);
  const HttpRequest& request = self->request_;
  const int64_t total = BodySize(request);
  const size_t want =
      static_cast<size_t>(std::min<int64_t>(size * count, total - self->body_offset_));
  if (want == 0) return 0;
  if (!request.body_reader) {
    std::memcpy(out, request.body.data() + self->body_offset_, want);
    self->body_offset_ += want;
    return want;
  }
  absl::StatusOr<size_t> got = request.body_reader(out, want);
  if (!got.ok()) {
    self->callback_status_ = got.status();
    return CURL_READFUNC_ABORT;
  }
  if (*got == 0 || *got > want) {
    self->callback_status_ = absl::InvalidArgumentError(absl::StrCat(
        Describe(request), ": body_reader gave ", *got == 0 ? "end of body" : "too many bytes",
        " at byte ", self->body_offset_, " of body_size ", total));
    return CURL_READFUNC_ABORT;
  }
  self->body_offset_ += static_cast<int64_t>(*got);
  return *got;
}

int CurlRequest::OnSeek(void* self_ptr, curl_off_t offset, int origin) {
  // libcurl rewinds when it resends on a fresh connection; a streamed body can only restart
  // before anything was read from it.
  auto* self = static_cast<CurlRequest*>(self_ptr);
  if (origin != SEEK_SET || offset < 0 || offset > BodySize(self->request_)) {
    return CURL_SEEKFUNC_CANTSEEK;
  }
  if (self->request_.body_reader && offset != self->body_offset_) return CURL_SEEKFUNC_CANTSEEK;
  self->body_offset_ = offset;
  return CURL_SEEKFUNC_OK;
}

int CurlRequest::OnProgress(void* self_ptr, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* self = static_cast<CurlRequest*>(self_ptr);
  if (!self->ctx_.cancelled()) return 0;
  self->cancelled_ = true;
  return 1;  // libcurl aborts with CURLE_ABORTED_BY_CALLBACK
}

bool CurlRequest::IsRetryable(CURLcode code) const {
  if (wrote_to_writer_ || !callback_status_.ok() || cancelled_) return false;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SEND_FAIL_REWIND:
      return true;
    default:
      return false;
  }
}

absl::Status CurlRequest::ErrorStatus(CURLcode code) const {
  if (!callback_status_.ok()) return callback_status_;
  const std::string subject = Describe(request_);
  if (cancelled_) return absl::CancelledError(absl::StrCat(subject, ": cancelled by the caller"));
  const std::string detail = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return absl::InvalidArgumentError(absl::StrCat(subject, ": bad URL (", detail, ")"));
    case CURLE_COULDNT_RESOLVE_HOST:
      return absl::UnavailableError(absl::StrCat(subject, ": cannot resolve host (", detail, ")"));
    case CURLE_COULDNT_CONNECT:
      return absl::UnavailableError(absl::StrCat(subject, ": cannot connect (", detail, ")"));
    case CURLE_OPERATION_TIMEDOUT:
      return absl::DeadlineExceededError(absl::StrCat(subject, ": timed out (", detail, ")"));
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SEND_FAIL_REWIND:
      // A TLS server that wants a client certificate we do not have just drops the connection.
      return absl::UnavailableError(absl::StrCat(
          subject, ": connection lost (", detail, ")",
          response_.status == 0 && absl::StartsWithIgnoreCase(request_.url, "https:") &&
                  options_.client_cert_file.empty()
              ? "; if the server requires a TLS client certificate, set client_cert_file"
              : ""));
    case CURLE_PEER_FAILED_VERIFICATION:
      if (absl::StrContains(detail, "target host name")) {
        return absl::UnavailableError(
            absl::StrCat(subject, ": TLS certificate does not match the host name (", detail, ")"));
      }
      return absl::UnavailableError(absl::StrCat(subject,
                                                 ": TLS certificate not trusted: use ca_file or "
                                                 "insecure_skip_verify (",
                                                 detail, ")"));
    case CURLE_SSL_CONNECT_ERROR:
      return absl::UnavailableError(absl::StrCat(subject, ": TLS handshake failed (", detail, ")"));
    case CURLE_OUT_OF_MEMORY:
      return absl::ResourceExhaustedError(absl::StrCat(subject, ": out of memory"));
    default:
      return absl::UnavailableError(absl::StrCat(subject, ": ", detail));
  }
}

}  // namespace osp::providers::http
