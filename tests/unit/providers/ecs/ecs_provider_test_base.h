// The fixture the EcsProvider tests share: a provider on a FakeHttpTransport whose management
// API and S3 answers come from FakeEcsRoutes, with a fake clock.
#pragma once

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/ecs/ecs_provider.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/fake_http_transport.h"
#include "tests/unit/providers/ecs/ecs_recorded_bodies.h"
#include "tests/unit/providers/ecs/fake_ecs_routes.h"

namespace osp::providers::ecs {

inline constexpr char kMgmtUrl[] = "https://ecs.example.net:4443";
inline constexpr char kS3Url[] = "http://ecs.example.net:9020";
inline constexpr char kS3PublicUrl[] = "https://s3.example.com";
inline constexpr char kOwnerKey[] = "iawfF9GFD7A4GeC9k9KniWArdZbtzofSC42Kcr1z";

inline constexpr char kVersioningEnabled[] =
    R"(<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>)";
inline constexpr char kVersioningNever[] =
    R"(<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>)";
inline constexpr char kNoSuchBucketPolicy[] =
    "<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message>"
    "</Error>";

inline EcsConfig ProviderTestConfig() {
  EcsConfig c;
  c.backend_id = "ecs1";
  c.management_url = kMgmtUrl;
  c.username = "admin";
  c.password = base::Secret("pw");
  c.namespace_name = "ns1";
  c.s3_private_url = kS3Url;
  c.s3_public_url = kS3PublicUrl;
  return c;
}

class EcsProviderTestBase : public testing::Test {
 protected:
  explicit EcsProviderTestBase(EcsConfig config = ProviderTestConfig()) {
    auto transport = std::make_unique<testutil::FakeHttpTransport>();
    transport_ = transport.get();
    ecs_ = std::make_unique<FakeEcsRoutes>(transport_, kMgmtUrl, kS3Url);
    provider_ = std::make_unique<EcsProvider>(config, std::move(transport), &clock_, &logger_);
  }

  // The owner's key, as GET /object/user-secret-keys answers it.
  void OwnerHasKey(const std::string& user = "cs-acct1") {
    ecs_->On(absl::StrCat("GET /object/user-secret-keys/", user, "/ns1"), 200,
             recorded::kSecretKeysOne);
  }
  // The body of the first request whose "METHOD /path?query" (S3: "S3 ...") starts with `call`.
  std::string BodyOf(const std::string& call) const {
    std::vector<std::string> calls = ecs_->Calls();
    std::vector<http::HttpRequest> requests;
    for (const http::HttpRequest& r : transport_->requests()) {
      if (!absl::EndsWith(r.url, "/login") && !absl::EndsWith(r.url, "/logout")) {
        requests.push_back(r);
      }
    }
    for (size_t i = 0; i < calls.size() && i < requests.size(); ++i) {
      if (absl::StartsWith(calls[i], call)) return requests[i].body;
    }
    return "<no such call>";
  }
  // The Authorization header of the first S3 request.
  std::string S3Authorization() const {
    for (const http::HttpRequest& r : transport_->requests()) {
      if (!absl::StartsWith(r.url, kS3Url)) continue;
      for (const auto& [name, value] : r.headers) {
        if (absl::EqualsIgnoreCase(name, "Authorization")) return value;
      }
    }
    return "";
  }

  testutil::FakeClock clock_;
  base::NullLogger logger_;
  testutil::FakeHttpTransport* transport_;
  std::unique_ptr<FakeEcsRoutes> ecs_;
  std::unique_ptr<EcsProvider> provider_;
  CallContext ctx_;
};

}  // namespace osp::providers::ecs
