// FakeHttpTransport: an HttpTransport for unit tests. It records every request and answers from
// a handler the test installs (or from a queue of canned responses, in order). Streamed request
// bodies are read into the recorded request's body; a 2xx response body is fed to the request's
// response_writer as the real transport would. Thread-safe.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "providers/http/http_transport.h"

namespace osp::testutil {

class FakeHttpTransport final : public providers::http::HttpTransport {
 public:
  using Handler = std::function<absl::StatusOr<providers::http::HttpResponse>(
      const providers::http::HttpRequest&)>;

  // Answers every later request with `handler` (replaces any queue).
  void SetHandler(Handler handler) {
    absl::MutexLock lock(&mu_);
    handler_ = std::move(handler);
  }
  // Answers the next request with this response (FIFO), before any handler.
  void Enqueue(absl::StatusOr<providers::http::HttpResponse> response) {
    absl::MutexLock lock(&mu_);
    queue_.push_back(std::move(response));
  }
  void Enqueue(int status, std::string body, providers::http::Headers headers = {}) {
    providers::http::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    Enqueue(std::move(r));
  }

  // From now on a request whose context is cancelled by the time it is answered fails with
  // CANCELLED, as the real transport's would.
  void HonourCancellation() {
    absl::MutexLock lock(&mu_);
    honour_cancellation_ = true;
  }

  // Requests seen so far (streamed bodies materialised into `body`; callbacks dropped).
  std::vector<providers::http::HttpRequest> requests() const {
    absl::MutexLock lock(&mu_);
    return requests_;
  }

  absl::StatusOr<providers::http::HttpResponse> Send(
      const providers::http::HttpRequest& request,
      const providers::base::CallContext& ctx) override {
    providers::http::HttpRequest copy = request;
    if (request.body_reader) {
      copy.body.clear();
      char buf[65536];
      for (;;) {
        auto n = request.body_reader(buf, sizeof(buf));
        if (!n.ok()) return n.status();
        if (*n == 0) break;
        copy.body.append(buf, *n);
      }
    }
    copy.body_reader = nullptr;
    copy.response_writer = nullptr;
    absl::StatusOr<providers::http::HttpResponse> response;
    {
      absl::MutexLock lock(&mu_);
      requests_.push_back(copy);
      if (!queue_.empty()) {
        response = std::move(queue_.front());
        queue_.pop_front();
      } else if (handler_) {
        Handler handler = handler_;
        mu_.Unlock();
        response = handler(copy);
        mu_.Lock();
      } else {
        return absl::InternalError(
            absl::StrCat("FakeHttpTransport: no response for ", request.method, " ", request.url));
      }
    }
    if (ctx.cancelled() && HonoursCancellation()) {
      return absl::CancelledError(
          absl::StrCat("FakeHttpTransport: ", request.method, " ", request.url, " cancelled"));
    }
    if (response.ok() && request.response_writer && response->status / 100 == 2) {
      absl::Status s = request.response_writer(response->body);
      if (!s.ok()) return s;
      response->body.clear();
    }
    return response;
  }

 private:
  bool HonoursCancellation() const {
    absl::MutexLock lock(&mu_);
    return honour_cancellation_;
  }

  mutable absl::Mutex mu_;
  Handler handler_ ABSL_GUARDED_BY(mu_);
  std::deque<absl::StatusOr<providers::http::HttpResponse>> queue_ ABSL_GUARDED_BY(mu_);
  std::vector<providers::http::HttpRequest> requests_ ABSL_GUARDED_BY(mu_);
  bool honour_cancellation_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace osp::testutil
