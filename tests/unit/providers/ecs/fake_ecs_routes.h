// FakeEcsRoutes: answers the ECS management API on a FakeHttpTransport from canned responses per
// route ("GET /object/users/cs-a/info", query string excluded). /login issues "tok-1", "tok-2",
// ...; /logout answers 200. Responses queued for a route are used in order and the last one
// repeats. A request without a route gets INTERNAL "no route for ...", which fails the test.
// Requests to other hosts (S3) go to an optional fallback handler. Thread-safe.
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
  FakeEcsRoutes(testutil::FakeHttpTransport* transport, std::string base_url)
      : transport_(transport), base_(std::move(base_url)) {
    transport_->SetHandler([this](const http::HttpRequest& r) { return Answer(r); });
  }

  // Queues a response for `route` ("POST /object/bucket").
  void On(const std::string& route, int status, std::string body = "") {
    absl::MutexLock lock(&mu_);
    http::HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    routes_[route].push_back(std::move(response));
  }
  // Handles requests not sent to the management URL.
  void OnOtherHosts(testutil::FakeHttpTransport::Handler handler) {
    absl::MutexLock lock(&mu_);
    other_hosts_ = std::move(handler);
  }

  // "METHOD /path?query" of every management request but login/logout, in order.
  std::vector<std::string> Calls() const {
    std::vector<std::string> calls;
    for (const http::HttpRequest& r : transport_->requests()) {
      absl::string_view path = r.url;
      if (!absl::ConsumePrefix(&path, base_)) continue;
      if (path == "/login" || path == "/logout") continue;
      calls.push_back(absl::StrCat(r.method, " ", path));
    }
    return calls;
  }
  // Requests to the management URL (with login/logout) and to other hosts.
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

  absl::StatusOr<http::HttpResponse> Answer(const http::HttpRequest& r) {
    absl::string_view path = r.url;
    if (!absl::ConsumePrefix(&path, base_)) {
      testutil::FakeHttpTransport::Handler other;
      {
        absl::MutexLock lock(&mu_);
        other = other_hosts_;
      }
      if (other) return other(r);
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
    response = it->second.front();
    if (it->second.size() > 1) it->second.pop_front();
    return response;
  }

  testutil::FakeHttpTransport* const transport_;
  const std::string base_;
  absl::Mutex mu_;
  std::map<std::string, std::deque<http::HttpResponse>> routes_ ABSL_GUARDED_BY(mu_);
  testutil::FakeHttpTransport::Handler other_hosts_ ABSL_GUARDED_BY(mu_);
  int logins_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace osp::providers::ecs
