#include "providers/ecs/ecs_mgmt_client.h"

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/fake_http_transport.h"
#include "tests/testutil/status_matchers.h"
#include "tests/unit/providers/ecs/ecs_recorded_bodies.h"

namespace osp::providers::ecs {
namespace {

using ::osp::testutil::FakeClock;
using ::osp::testutil::FakeHttpTransport;
using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kBase[] = "https://ecs.example.net:4443";
constexpr char kXmlHeader[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

EcsConfig TestConfig() {
  EcsConfig c;
  c.backend_id = "ecs1";
  c.management_url = kBase;
  c.username = "admin";
  c.password = base::Secret("Pa55:word");
  c.namespace_name = "ns1";
  c.s3_private_url = "http://ecs.example.net:9020";
  c.s3_public_url = c.s3_private_url;
  return c;
}

http::HttpResponse Response(int status, std::string body, http::Headers headers = {}) {
  http::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

bool IsLogin(const http::HttpRequest& r) { return r.url == absl::StrCat(kBase, "/login"); }
bool IsLogout(const http::HttpRequest& r) { return r.url == absl::StrCat(kBase, "/logout"); }

std::string HeaderOf(const http::HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (absl::EqualsIgnoreCase(k, name)) return v;
  }
  return "";
}

// A management API that issues tokens "tok-1", "tok-2", ... and answers every other request from
// `answer` (by default 200 with an empty body).
class EcsMgmtClientTest : public testing::Test {
 protected:
  EcsMgmtClientTest() {
    transport_.SetHandler([this](const http::HttpRequest& r) -> absl::StatusOr<http::HttpResponse> {
      if (IsLogin(r)) {
        absl::MutexLock lock(&mu_);
        ++logins_;
        return Response(200, recorded::kLoggedIn,
                        {{"X-SDS-AUTH-TOKEN", absl::StrCat("tok-", logins_)}});
      }
      if (IsLogout(r)) return Response(200, recorded::kLoggedOut);
      std::function<http::HttpResponse(const http::HttpRequest&)> answer;
      {
        absl::MutexLock lock(&mu_);
        answer = answer_;
      }
      return answer ? answer(r) : Response(200, "");
    });
    client_ = std::make_unique<EcsMgmtClient>(TestConfig(), &transport_, &clock_, &logger_);
  }

  void Answer(std::function<http::HttpResponse(const http::HttpRequest&)> answer) {
    absl::MutexLock lock(&mu_);
    answer_ = std::move(answer);
  }
  void AnswerAll(int status, std::string body) {
    Answer([=](const http::HttpRequest&) { return Response(status, body); });
  }
  // Requests other than login/logout.
  std::vector<http::HttpRequest> Calls() {
    std::vector<http::HttpRequest> calls;
    for (const http::HttpRequest& r : transport_.requests()) {
      if (!IsLogin(r) && !IsLogout(r)) calls.push_back(r);
    }
    return calls;
  }
  int Count(bool (*pred)(const http::HttpRequest&)) {
    int n = 0;
    for (const http::HttpRequest& r : transport_.requests()) n += pred(r) ? 1 : 0;
    return n;
  }

  FakeClock clock_;
  FakeHttpTransport transport_;
  base::NullLogger logger_;
  absl::Mutex mu_;
  int logins_ ABSL_GUARDED_BY(mu_) = 0;
  std::function<http::HttpResponse(const http::HttpRequest&)> answer_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<EcsMgmtClient> client_;
  CallContext ctx_;
};

TEST_F(EcsMgmtClientTest, LogsInWithBasicAuthAndSendsTheToken) {
  AnswerAll(200, recorded::kBucketInfo);
  ASSERT_THAT(client_->GetBucket("acct1-data", ctx_), IsOk());
  std::vector<http::HttpRequest> all = transport_.requests();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].method, "GET");
  EXPECT_EQ(all[0].url, "https://ecs.example.net:4443/login");
  // base64("admin:Pa55:word")
  EXPECT_EQ(HeaderOf(all[0], "Authorization"), "Basic YWRtaW46UGE1NTp3b3Jk");
  EXPECT_EQ(HeaderOf(all[0], "Accept"), "application/xml");
  EXPECT_EQ(HeaderOf(all[1], "X-SDS-AUTH-TOKEN"), "tok-1");
  EXPECT_EQ(HeaderOf(all[1], "Accept"), "application/xml");
  EXPECT_EQ(HeaderOf(all[1], "Authorization"), "");
}

TEST_F(EcsMgmtClientTest, OneLoginServesManyCalls) {
  AnswerAll(200, recorded::kBucketInfo);
  for (int i = 0; i < 5; ++i) ASSERT_THAT(client_->GetBucket("acct1-data", ctx_), IsOk());
  EXPECT_EQ(Count(IsLogin), 1);
  EXPECT_EQ(client_->logins(), 1);
}

TEST_F(EcsMgmtClientTest, SixtyFourConcurrentCallsLogInOnce) {
  AnswerAll(200, recorded::kBucketInfo);
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([this] { EXPECT_THAT(client_->GetBucket("acct1-data", ctx_), IsOk()); });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(Count(IsLogin), 1);
  EXPECT_EQ(Calls().size(), 64u);
}

TEST_F(EcsMgmtClientTest, RejectedTokenCausesOneReloginAndRetry) {
  Answer([](const http::HttpRequest& r) {
    return HeaderOf(r, "X-SDS-AUTH-TOKEN") == "tok-1" ? Response(401, "")
                                                      : Response(200, recorded::kBucketInfo);
  });
  ASSERT_THAT(client_->GetBucket("acct1-data", ctx_), IsOk());
  EXPECT_EQ(Count(IsLogin), 2);
  ASSERT_EQ(Calls().size(), 2u);
  EXPECT_EQ(HeaderOf(Calls()[1], "X-SDS-AUTH-TOKEN"), "tok-2");
}

TEST_F(EcsMgmtClientTest, RedirectToLoginCountsAsRejectedToken) {
  Answer([](const http::HttpRequest& r) {
    return HeaderOf(r, "X-SDS-AUTH-TOKEN") == "tok-1"
               ? Response(302, "", {{"Location", "https://ecs.example.net:4443/login?x=1"}})
               : Response(200, recorded::kBucketInfo);
  });
  ASSERT_THAT(client_->GetBucket("acct1-data", ctx_), IsOk());
  EXPECT_EQ(Count(IsLogin), 2);
}

TEST_F(EcsMgmtClientTest, SecondRejectionIsUnauthenticatedWithoutLooping) {
  AnswerAll(401, "");
  EXPECT_THAT(
      client_->GetBucket("acct1-data", ctx_),
      StatusIs(absl::StatusCode::kUnauthenticated,
               AllOf(HasSubstr("GET /object/bucket/acct1-data/info"), Not(HasSubstr("tok-")))));
  EXPECT_EQ(Count(IsLogin), 2);
  EXPECT_EQ(Calls().size(), 2u);
}

TEST_F(EcsMgmtClientTest, WrongPasswordIsUnauthenticatedAndNamesTheUser) {
  transport_.SetHandler([](const http::HttpRequest&) { return Response(401, ""); });
  absl::Status s = client_->EnsureSession(ctx_);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kUnauthenticated,
                          AllOf(HasSubstr("'admin'"), Not(HasSubstr("Pa55")))));
  EXPECT_EQ(transport_.requests().size(), 1u);
}

TEST_F(EcsMgmtClientTest, LoginWithoutTokenHeaderIsAnError) {
  transport_.SetHandler([](const http::HttpRequest&) { return Response(200, "<html/>"); });
  EXPECT_THAT(client_->EnsureSession(ctx_),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("X-SDS-AUTH-TOKEN")));
}

TEST_F(EcsMgmtClientTest, MaxAgeHeaderIsHonoured) {
  transport_.SetHandler([this](const http::HttpRequest& r) -> absl::StatusOr<http::HttpResponse> {
    if (IsLogin(r)) {
      absl::MutexLock lock(&mu_);
      ++logins_;
      return Response(
          200, recorded::kLoggedIn,
          {{"X-SDS-AUTH-TOKEN", absl::StrCat("tok-", logins_)}, {"X-SDS-AUTH-MAX-AGE", "300"}});
    }
    return Response(200, recorded::kBucketInfo);
  });
  ASSERT_THAT(client_->GetBucket("b", ctx_), IsOk());
  clock_.Advance(absl::Seconds(271));
  ASSERT_THAT(client_->GetBucket("b", ctx_), IsOk());
  EXPECT_EQ(Count(IsLogin), 2);
  // The replaced token is logged out so that it does not count against ECS's 100-token limit.
  ASSERT_EQ(Count(IsLogout), 1);
}

TEST_F(EcsMgmtClientTest, DestructorLogsOut) {
  ASSERT_THAT(client_->EnsureSession(ctx_), IsOk());
  client_.reset();
  std::vector<http::HttpRequest> all = transport_.requests();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(IsLogout(all[1]));
  EXPECT_EQ(all[1].method, "GET");
  EXPECT_EQ(HeaderOf(all[1], "X-SDS-AUTH-TOKEN"), "tok-1");
}

TEST_F(EcsMgmtClientTest, CloseLogsOutOnceAndNothingWithoutSession) {
  client_->Close();
  EXPECT_EQ(transport_.requests().size(), 0u);
  ASSERT_THAT(client_->EnsureSession(ctx_), IsOk());
  client_->Close();
  client_.reset();
  EXPECT_EQ(Count(IsLogout), 1);
}

TEST_F(EcsMgmtClientTest, ErrorDocumentBecomesStatus) {
  AnswerAll(400, recorded::kError1004);
  EXPECT_THAT(client_->GetBucket("testbucket2", ctx_),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(HasSubstr("ECS 1004"), HasSubstr("testbucket2"))));
}

TEST_F(EcsMgmtClientTest, TransportErrorKeepsItsCodeAndMessage) {
  transport_.SetHandler([](const http::HttpRequest& r) -> absl::StatusOr<http::HttpResponse> {
    if (IsLogin(r)) return Response(200, "", {{"X-SDS-AUTH-TOKEN", "t"}});
    return absl::UnavailableError(
        "ecs.DeactivateBucket: POST host/object/bucket/b1/deactivate: "
        "connection refused");
  });
  EXPECT_THAT(client_->DeactivateBucket("b1", ctx_),
              StatusIs(absl::StatusCode::kUnavailable,
                       "ecs.DeactivateBucket: POST host/object/bucket/b1/deactivate: "
                       "connection refused"));
}

TEST_F(EcsMgmtClientTest, PathSegmentsAreEncoded) {
  AnswerAll(200, recorded::kUserInfo);
  ASSERT_THAT(client_->GetUser("cs-a b/c", ctx_), IsOk());
  EXPECT_EQ(Calls()[0].url, absl::StrCat(kBase, "/object/users/cs-a%20b%2Fc/info?namespace=ns1"));
}

// One row per management call: what the client sends.
struct CallCase {
  std::string name;
  std::function<absl::Status(EcsMgmtClient&, const CallContext&)> call;
  std::string response;
  std::string method;
  std::string url;   // Relative to the management URL.
  std::string body;  // Without the XML declaration; empty: no body.
  bool idempotent;
};

class EcsMgmtClientRequestTest : public EcsMgmtClientTest,
                                 public testing::WithParamInterface<CallCase> {};

TEST_P(EcsMgmtClientRequestTest, SendsTheDocumentedRequest) {
  const CallCase& c = GetParam();
  AnswerAll(200, c.response);
  ASSERT_THAT(c.call(*client_, ctx_), IsOk());
  std::vector<http::HttpRequest> calls = Calls();
  ASSERT_EQ(calls.size(), 1u);
  const http::HttpRequest& r = calls[0];
  EXPECT_EQ(r.method, c.method);
  EXPECT_EQ(r.url, absl::StrCat(kBase, c.url));
  EXPECT_EQ(r.idempotent, c.idempotent);
  EXPECT_EQ(HeaderOf(r, "X-SDS-AUTH-TOKEN"), "tok-1");
  EXPECT_EQ(HeaderOf(r, "Accept"), "application/xml");
  EXPECT_THAT(r.operation, HasSubstr("ecs."));
  if (c.body.empty()) {
    EXPECT_EQ(r.body, "");
    EXPECT_EQ(HeaderOf(r, "Content-Type"), "");
  } else {
    EXPECT_EQ(r.body, absl::StrCat(kXmlHeader, c.body, "\n"));
    EXPECT_EQ(HeaderOf(r, "Content-Type"), "application/xml");
  }
  // Scoped to the namespace: in the path, the query or the body.
  EXPECT_TRUE(absl::StrContains(r.url, "ns1") || absl::StrContains(r.body, "<namespace>ns1<") ||
              c.name == "ListReplicationGroups")
      << r.url;
}

INSTANTIATE_TEST_SUITE_P(
    AllCalls, EcsMgmtClientRequestTest,
    testing::Values(
        CallCase{
            "GetNamespace",
            [](EcsMgmtClient& c, const CallContext& ctx) { return c.GetNamespace(ctx).status(); },
            recorded::kNamespace, "GET", "/object/namespaces/namespace/ns1", "", true},
        CallCase{"ListReplicationGroups",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.ListReplicationGroups(ctx).status();
                 },
                 recorded::kVpools, "GET", "/vdc/data-service/vpools", "", true},
        CallCase{
            "CreateUser",
            [](EcsMgmtClient& c, const CallContext& ctx) { return c.CreateUser("cs-acct1", ctx); },
            recorded::kUserCreated, "POST", "/object/users",
            "<user_create_param><user>cs-acct1</user><namespace>ns1</namespace>"
            "</user_create_param>",
            true},
        CallCase{"GetUser",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.GetUser("cs-acct1", ctx).status();
                 },
                 recorded::kUserInfo, "GET", "/object/users/cs-acct1/info?namespace=ns1", "", true},
        CallCase{"ListUsers",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.ListUsers("cs-acct0", 100, ctx).status();
                 },
                 recorded::kUsers, "GET", "/object/users/ns1?limit=100&marker=cs-acct0", "", true},
        CallCase{
            "DeleteUser",
            [](EcsMgmtClient& c, const CallContext& ctx) { return c.DeleteUser("cs-acct1", ctx); },
            "", "POST", "/object/users/deactivate",
            "<user_delete_param><user>cs-acct1</user><namespace>ns1</namespace>"
            "</user_delete_param>",
            true},
        CallCase{"GetSecretKeys",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.GetSecretKeys("cs-acct1", ctx).status();
                 },
                 recorded::kSecretKeysOne, "GET", "/object/user-secret-keys/cs-acct1/ns1", "",
                 true},
        CallCase{"CreateSecretKey",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.CreateSecretKey("cs-acct1", std::nullopt, ctx).status();
                 },
                 recorded::kNewSecretKey, "POST", "/object/user-secret-keys/cs-acct1",
                 "<user_secret_key_create><namespace>ns1</namespace></user_secret_key_create>",
                 false},
        CallCase{"CreateSecretKeyWithExpiry",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.CreateSecretKey("cs-acct1", absl::Seconds(61), ctx).status();
                 },
                 recorded::kNewSecretKey, "POST", "/object/user-secret-keys/cs-acct1",
                 "<user_secret_key_create><existing_key_expiry_time_mins>2"
                 "</existing_key_expiry_time_mins><namespace>ns1</namespace>"
                 "</user_secret_key_create>",
                 false},
        CallCase{"DeleteSecretKey",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.DeleteSecretKey("cs-acct1", base::Secret("abc"), ctx);
                 },
                 "", "POST", "/object/user-secret-keys/cs-acct1/deactivate",
                 "<user_secret_key_delete><secret_key>abc</secret_key><namespace>ns1</namespace>"
                 "</user_secret_key_delete>",
                 true},
        CallCase{"CreateBucket",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   EcsBucketCreate create;
                   create.name = "acct1-data";
                   create.owner = "cs-acct1";
                   create.replication_group = "urn:rg1";
                   create.encryption = true;
                   create.quota.block_gb = 10;
                   return c.CreateBucket(create, ctx);
                 },
                 recorded::kBucketCreated, "POST", "/object/bucket",
                 "<object_bucket_create><name>acct1-data</name><namespace>ns1</namespace>"
                 "<vpool>urn:rg1</vpool><head_type>s3</head_type>"
                 "<filesystem_enabled>false</filesystem_enabled>"
                 "<is_encryption_enabled>true</is_encryption_enabled><owner>cs-acct1</owner>"
                 "<blockSize>10</blockSize><notificationSize>-1</notificationSize>"
                 "</object_bucket_create>",
                 true},
        CallCase{"GetBucket",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.GetBucket("acct1-data", ctx).status();
                 },
                 recorded::kBucketInfo, "GET", "/object/bucket/acct1-data/info?namespace=ns1", "",
                 true},
        CallCase{"ListBuckets",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.ListBuckets("", 50, ctx).status();
                 },
                 recorded::kBuckets, "GET", "/object/bucket?namespace=ns1&limit=50", "", true},
        CallCase{"ListBucketsFromMarker",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.ListBuckets("acct2-logs", 50, ctx).status();
                 },
                 recorded::kBuckets, "GET",
                 "/object/bucket?namespace=ns1&limit=50&marker=acct2-logs", "", true},
        CallCase{"DeactivateBucket",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.DeactivateBucket("acct1-data", ctx);
                 },
                 "", "POST", "/object/bucket/acct1-data/deactivate?namespace=ns1", "", true},
        CallCase{"GetQuota",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.GetQuota("acct1-data", ctx).status();
                 },
                 recorded::kQuota, "GET", "/object/bucket/acct1-data/quota?namespace=ns1", "",
                 true},
        CallCase{"SetQuota",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.SetQuota("acct1-data", EcsQuota{10, std::nullopt}, ctx);
                 },
                 "", "PUT", "/object/bucket/acct1-data/quota",
                 "<bucket_quota_param><blockSize>10</blockSize>"
                 "<notificationSize>-1</notificationSize><namespace>ns1</namespace>"
                 "</bucket_quota_param>",
                 true},
        CallCase{"DeleteQuota",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.DeleteQuota("acct1-data", ctx);
                 },
                 "", "DELETE", "/object/bucket/acct1-data/quota?namespace=ns1", "", true},
        CallCase{"GetBilling",
                 [](EcsMgmtClient& c, const CallContext& ctx) {
                   return c.GetBilling("acct1-data", ctx).status();
                 },
                 recorded::kBilling, "GET",
                 "/object/billing/buckets/ns1/acct1-data/info?sizeunit=KB", "", true}),
    [](const testing::TestParamInfo<CallCase>& info) { return info.param.name; });

TEST_F(EcsMgmtClientTest, ParsedValuesComeBack) {
  AnswerAll(200, recorded::kSecretKeysOne);
  absl::StatusOr<EcsSecretKeys> keys = client_->GetSecretKeys("cs-acct1", ctx_);
  ASSERT_THAT(keys, IsOk());
  EXPECT_EQ(keys->key1.secret.Reveal(), "iawfF9GFD7A4GeC9k9KniWArdZbtzofSC42Kcr1z");
  AnswerAll(200, recorded::kBilling);
  absl::StatusOr<EcsBucketBilling> billing = client_->GetBilling("acct1-data", ctx_);
  ASSERT_THAT(billing, IsOk());
  EXPECT_EQ(billing->objects, 42);
}

}  // namespace
}  // namespace osp::providers::ecs
