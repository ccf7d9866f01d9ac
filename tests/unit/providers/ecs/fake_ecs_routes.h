// FakeEcsRoutes: answers the ECS management API on a FakeHttpTransport from canned responses per
// route ("GET /object/users/cs-a/info", query string excluded). /login issues "tok-1", "tok-2",
// ...; /logout answers 200. Responses queued for a route are used in order and the last one
// repeats. A request without a route gets INTERNAL "no route for ...", which fails the test.
// S3 requests (to `s3_url`) are routed by "S3 METHOD /path?query" with the longest queued route
// that is a prefix of it ("S3 PUT /b?versioning", "S3 GET /b?versions"). Thread-safe.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "tests/testutil/fake_http_transport.h"

namespace osp::providers::ecs {

class FakeEcsRoutes final {
 public:
  FakeEcsRoutes(testutil::FakeHttpTransport* transport, std::string base_url,
                std::string s3_url = "")
      : transport_(transport), base_(std::move(base_url)), s3_(std::move(s3_url)) {
    transport_->SetHandler([this](const http::HttpRequest& r) { return Answer(r); });
  }

  // Queues a response for `route` ("POST /object/bucket").
  void On(const std::string& route, int status, std::string body = "", http::Headers headers = {}) {
    absl::MutexLock lock(&mu_);
    http::HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.headers = std::move(headers);
    routes_[route].push_back(std::move(response));
  }

  // "METHOD /path?query" of every management request but login/logout, and "S3 METHOD
  // /path?query" of every S3 request, in order.
  std::vector<std::string> Calls() const {
    std::vector<std::string> calls;
    for (const http::HttpRequest& r : transport_->requests()) {
      absl::string_view path = r.url;
      if (!s3_.empty() && absl::ConsumePrefix(&path, s3_)) {
        calls.push_back(absl::StrCat("S3 ", r.method, " ", path));
        continue;
      }
      if (!absl::ConsumePrefix(&path, base_)) continue;
      if (path == "/login" || path == "/logout") continue;
      calls.push_back(absl::StrCat(r.method, " ", path));
    }
    return calls;
  }
  int logins() const { return Count("/login"); }
  int logouts() const { return Count("/logout"); }

 private:
  int Count(absl::string_view what) const {
    int n = 0;
    for (const http::HttpRequest& r : transport_->requests()) {
      n += r.url == absl::StrCat(base_, what) ? 1 : 0;
    }
    return n;
  }

  // Pops the next response of `it` (the last one repeats).
  static http::HttpResponse Next(std::deque<http::HttpResponse>* queue) {
    http::HttpResponse response = queue->front();
    if (queue->size() > 1) queue->pop_front();
    return response;
  }

  absl::StatusOr<http::HttpResponse> Answer(const http::HttpRequest& r) {
    absl::string_view path = r.url;
    if (!s3_.empty() && absl::ConsumePrefix(&path, s3_)) {
      const std::string call = absl::StrCat("S3 ", r.method, " ", path);
      absl::MutexLock lock(&mu_);
      std::deque<http::HttpResponse>* best = nullptr;
      size_t best_length = 0;
      for (auto& [route, queue] : routes_) {
        if (!queue.empty() && absl::StartsWith(call, route) && route.size() > best_length) {
          best = &queue;
          best_length = route.size();
        }
      }
      if (best == nullptr) return absl::InternalError(absl::StrCat("no route for ", call));
      return Next(best);
    }
    if (!absl::ConsumePrefix(&path, base_)) {
      return absl::InternalError(absl::StrCat("no route for ", r.method, " ", r.url));
    }
    path = path.substr(0, path.find('?'));
    http::HttpResponse response;
    response.status = 200;
    absl::MutexLock lock(&mu_);
    if (path == "/login") {
      response.headers = {{"X-SDS-AUTH-TOKEN", absl::StrCat("tok-", ++logins_)}};
      return response;
    }
    if (path == "/logout") return response;
    auto it = routes_.find(absl::StrCat(r.method, " ", path));
    if (it == routes_.end() || it->second.empty()) {
      return absl::InternalError(absl::StrCat("no route for ", r.method, " ", path));
    }
    return Next(&it->second);
  }

  testutil::FakeHttpTransport* const transport_;
  const std::string base_;
  const std::string s3_;
  absl::Mutex mu_;
  std::map<std::string, std::deque<http::HttpResponse>> routes_ ABSL_GUARDED_BY(mu_);
  int logins_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace osp::providers::ecs
