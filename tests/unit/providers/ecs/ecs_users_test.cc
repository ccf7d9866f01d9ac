#include "providers/ecs/ecs_users.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/fake_http_transport.h"
#include "tests/testutil/status_matchers.h"
#include "tests/unit/providers/ecs/ecs_recorded_bodies.h"
#include "tests/unit/providers/ecs/fake_ecs_routes.h"

namespace osp::providers::ecs {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kBase[] = "https://ecs.example.net:4443";
constexpr char kKey1[] = "iawfF9GFD7A4GeC9k9KniWArdZbtzofSC42Kcr1z";
constexpr char kNewKey[] = "R6JUtI6hK2rDxY2fKuaQ51OL2tfyoHjPp8xL2y3T";

EcsConfig TestConfig() {
  EcsConfig c;
  c.backend_id = "ecs1";
  c.management_url = kBase;
  c.username = "admin";
  c.password = base::Secret("pw");
  c.namespace_name = "ns1";
  c.s3_private_url = "http://ecs.example.net:9020";
  c.s3_public_url = c.s3_private_url;
  return c;
}

// A <user_secret_keys> document; an empty secret leaves the slot unused.
std::string Keys(const std::string& secret1, const std::string& created1,
                 const std::string& secret2 = "", const std::string& created2 = "",
                 const std::string& expires1 = "") {
  return absl::StrCat(
      "<user_secret_keys><secret_key_1>", secret1, "</secret_key_1><secret_key_1_exist>",
      secret1.empty() ? "false" : "true", "</secret_key_1_exist><key_timestamp_1>", created1,
      "</key_timestamp_1><key_expiry_timestamp_1>", expires1,
      "</key_expiry_timestamp_1><secret_key_2>", secret2, "</secret_key_2><secret_key_2_exist>",
      secret2.empty() ? "false" : "true", "</secret_key_2_exist><key_timestamp_2>", created2,
      "</key_timestamp_2><key_expiry_timestamp_2></key_expiry_timestamp_2></user_secret_keys>");
}

class EcsUsersTest : public testing::Test {
 protected:
  std::string BodyOf(const std::string& call) {
    for (const http::HttpRequest& r : transport_.requests()) {
      if (absl::StrCat(r.method, " ", r.url.substr(strlen(kBase))) == call) return r.body;
    }
    return "";
  }
  void NewUserRoutes() {
    ecs_.On("GET /object/users/cs-acct1/info", 404, recorded::kError2000);
    ecs_.On("POST /object/users", 200, recorded::kUserCreated);
    ecs_.On("POST /object/user-secret-keys/cs-acct1", 200, recorded::kNewSecretKey);
  }

  testutil::FakeClock clock_;
  testutil::FakeHttpTransport transport_;
  FakeEcsRoutes ecs_{&transport_, kBase};
  base::NullLogger logger_;
  EcsConfig config_ = TestConfig();
  EcsMgmtClient mgmt_{config_, &transport_, &clock_, &logger_};
  EcsUsers users_{config_, &mgmt_, &clock_};
  CallContext ctx_;
};

TEST_F(EcsUsersTest, EnsureCreatesUserAndHasEcsGenerateTheKey) {
  NewUserRoutes();
  ecs_.On("GET /object/user-secret-keys/cs-acct1/ns1", 200, Keys(kNewKey, "2013-09-30 20:27:25"));
  absl::StatusOr<UserResult> r = users_.Ensure("acct1", ctx_);
  ASSERT_THAT(r, IsOk());
  EXPECT_TRUE(r->created);
  EXPECT_EQ(r->user_name, "cs-acct1");
  EXPECT_EQ(r->credentials.access_key_id, "cs-acct1");
  EXPECT_EQ(r->credentials.secret_access_key.Reveal(), kNewKey);
  EXPECT_THAT(ecs_.Calls(),
              ElementsAre("GET /object/users/cs-acct1/info?namespace=ns1", "POST /object/users",
                          "POST /object/user-secret-keys/cs-acct1",
                          "GET /object/user-secret-keys/cs-acct1/ns1"));
  EXPECT_EQ(BodyOf("POST /object/users"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<user_create_param><user>cs-acct1</user>"
            "<namespace>ns1</namespace></user_create_param>\n");
  EXPECT_THAT(BodyOf("POST /object/user-secret-keys/cs-acct1"), Not(HasSubstr("secretkey")));
}

TEST_F(EcsUsersTest, EnsureReturnsTheExistingKeyWithoutCreatingAnything) {
  ecs_.On("GET /object/users/cs-acct1/info", 200, recorded::kUserInfo);
  ecs_.On("GET /object/user-secret-keys/cs-acct1/ns1", 200, recorded::kSecretKeysOne);
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<UserResult> r = users_.Ensure("acct1", ctx_);
    ASSERT_THAT(r, IsOk());
    EXPECT_FALSE(r->created);
    EXPECT_EQ(r->credentials.secret_access_key.Reveal(), kKey1);
  }
  for (const std::string& call : ecs_.Calls()) EXPECT_THAT(call, StartsWith("GET ")) << call;
}

TEST_F(EcsUsersTest, EnsureGivesAKeyToAnExistingUserWithoutOne) {
  ecs_.On("GET /object/users/cs-acct1/info", 200, recorded::kUserInfo);
  ecs_.On("GET /object/user-secret-keys/cs-acct1/ns1", 200, recorded::kSecretKeysNone);
  ecs_.On("GET /object/user-secret-keys/cs-acct1/ns1", 200, Keys(kNewKey, "2013-09-30 20:27:25"));
  ecs_.On("POST /object/user-secret-keys/cs-acct1", 200, recorded::kNewSecretKey);
  absl::StatusOr<UserResult> r = users_.Ensure("acct1", ctx_);
  ASSERT_THAT(r, IsOk());
  EXPECT_FALSE(r->created);
  EXPECT_EQ(r->credentials.secret_access_key.Reveal(), kNewKey);
}

TEST_F(EcsUsersTest, EnsureLosingAKeyRaceRemovesItsKeyAndReturnsTheWinner) {
  NewUserRoutes();
  // Another daemon created its key a moment earlier: both slots are in use now.
  ecs_.On("GET /object/user-secret-keys/cs-acct1/ns1", 200,
          Keys(kNewKey, "2013-09-30 20:27:25.946", "winner-key", "2013-09-30 20:27:25.100"));
  ecs_.On("POST /object/user-secret-keys/cs-acct1/deactivate", 200);
  absl::StatusOr<UserResult> r = users_.Ensure("acct1", ctx_);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->credentials.secret_access_key.Reveal(), "winner-key");
  EXPECT_THAT(BodyOf("POST /object/user-secret-keys/cs-acct1/deactivate"),
              HasSubstr(absl::StrCat("<secret_key>", kNewKey, "</secret_key>")));
}

TEST_F(EcsUsersTest, EnsureAfterALostCreateRaceUsesTheUser) {
  ecs_.On("GET /object/users/cs-acct1/info", 404, recorded::kError2000);
  ecs_.On("GET /object/users/cs-acct1/info", 200, recorded::kUserInfo);
  ecs_.On("POST /object/users", 400,
          "<error><code>1008</code><description>User cs-acct1 already exists</description>"
          "</error>");
  ecs_.On("GET /object/user-secret-keys/cs-acct1/ns1", 200, recorded::kSecretKeysOne);
  absl::StatusOr<UserResult> r = users_.Ensure("acct1", ctx_);
  ASSERT_THAT(r, IsOk());
  EXPECT_FALSE(r->created);
  EXPECT_EQ(r->credentials.secret_access_key.Reveal(), kKey1);
}

TEST_F(EcsUsersTest, EnsureRefusesAUserOfAnotherNamespace) {
  ecs_.On("GET /object/users/cs-acct1/info", 200, recorded::kUserInfoOtherNamespace);
  EXPECT_THAT(users_.Ensure("acct1", ctx_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("'cs-acct1'"), HasSubstr("'ns2'"), HasSubstr("prefix"))));
}

TEST_F(EcsUsersTest, EnsureRefusesAUserHiddenInAnotherNamespace) {
  // ECS answers the info call scoped to our namespace with "not found", but ids are global.
  ecs_.On("GET /object/users/cs-acct1/info", 404, recorded::kError2000);
  ecs_.On("POST /object/users", 400,
          "<error><code>1015</code><description>User cs-acct1 already exists</description>"
          "</error>");
  EXPECT_THAT(users_.Ensure("acct1", ctx_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("outside namespace 'ns1'"), HasSubstr("user_prefix"))));
}

TEST_F(EcsUsersTest, EnsureWithHiddenKeysFailsClearly) {
  ecs_.On("GET /object/users/cs-acct1/info", 200, recorded::kUserInfo);
  ecs_.On("GET /object/user-secret-keys/cs-acct1/ns1", 200, recorded::kSecretKeysHidden);
  EXPECT_THAT(users_.Ensure("acct1", ctx_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("hide-secret-key")));
}

TEST_F(EcsUsersTest, ConcurrentEnsureForANewAccountCreatesOneUserAndOneKey) {
  NewUserRoutes();
  ecs_.On("GET /object/users/cs-acct1/info", 200, recorded::kUserInfo);
  ecs_.On("GET /object/user-secret-keys/cs-acct1/ns1", 200, Keys(kNewKey, "2013-09-30 20:27:25"));
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([this] {
      absl::StatusOr<UserResult> r = users_.Ensure("acct1", ctx_);
      ASSERT_THAT(r, IsOk());
      EXPECT_EQ(r->credentials.secret_access_key.Reveal(), kNewKey);
    });
  }
  for (std::thread& t : threads) t.join();
  std::vector<std::string> calls = ecs_.Calls();
  EXPECT_EQ(std::count(calls.begin(), calls.end(), "POST /object/users"), 1);
  EXPECT_EQ(std::count(calls.begin(), calls.end(), "POST /object/user-secret-keys/cs-acct1"), 1);
  EXPECT_EQ(ecs_.logins(), 1);
}

TEST_F(EcsUsersTest, DeleteMissingUserIsOk) {
  ecs_.On("GET /object/users/cs-acct1/info", 404, recorded::kError2000);
  EXPECT_THAT(users_.Delete("acct1", ctx_), IsOk());
  EXPECT_THAT(ecs_.Calls(), ElementsAre("GET /object/users/cs-acct1/info?namespace=ns1"));
}

TEST_F(EcsUsersTest, DeleteUserOfAnotherNamespaceTouchesNothing) {
  ecs_.On("GET /object/users/cs-acct1/info", 200, recorded::kUserInfoOtherNamespace);
  EXPECT_THAT(users_.Delete("acct1", ctx_), IsOk());
  EXPECT_EQ(ecs_.Calls().size(), 1u);
}

TEST_F(EcsUsersTest, DeleteRefusesAUserWhoOwnsBuckets) {
  ecs_.On("GET /object/users/cs-acct1/info", 200, recorded::kUserInfo);
  ecs_.On("GET /object/bucket", 200, recorded::kBuckets);  // acct1-data, then NextMarker.
  ecs_.On("GET /object/bucket", 200, "<object_buckets></object_buckets>");
  EXPECT_THAT(users_.Delete("acct1", ctx_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("'cs-acct1'"), HasSubstr("acct1-data"),
                             Not(HasSubstr("acct2-logs")))));
  EXPECT_THAT(ecs_.Calls(),
              Contains("GET /object/bucket?namespace=ns1&limit=500&marker=acct2-logs"));
  EXPECT_THAT(ecs_.Calls(), Not(Contains("POST /object/users/deactivate")));
}

TEST_F(EcsUsersTest, DeleteDeactivatesTheUser) {
  ecs_.On("GET /object/users/cs-acct3/info", 200, recorded::kUserInfo);
  ecs_.On("GET /object/bucket", 200, recorded::kBuckets);
  ecs_.On("GET /object/bucket", 200, "<object_buckets></object_buckets>");
  ecs_.On("POST /object/users/deactivate", 200);
  EXPECT_THAT(users_.Delete("acct3", ctx_), IsOk());
  EXPECT_THAT(BodyOf("POST /object/users/deactivate"),
              HasSubstr("<user_delete_param><user>cs-acct3</user><namespace>ns1</namespace>"));
}

TEST_F(EcsUsersTest, CreateKeyPassesTheOldKeyExpiry) {
  ecs_.On("POST /object/user-secret-keys/cs-acct1", 200, recorded::kNewSecretKey);
  absl::StatusOr<Credentials> c = users_.CreateKey("acct1", absl::Minutes(30), ctx_);
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->access_key_id, "cs-acct1");
  EXPECT_EQ(c->secret_access_key.Reveal(), kNewKey);
  EXPECT_THAT(BodyOf("POST /object/user-secret-keys/cs-acct1"),
              HasSubstr("<existing_key_expiry_time_mins>30</existing_key_expiry_time_mins>"));
}

TEST_F(EcsUsersTest, CreateKeyWithBothSlotsUsedIsFailedPrecondition) {
  ecs_.On("POST /object/user-secret-keys/cs-acct1", 400,
          "<error><code>1008</code><description>Invalid parameter</description></error>");
  ecs_.On("GET /object/user-secret-keys/cs-acct1/ns1", 200, recorded::kSecretKeysTwo);
  EXPECT_THAT(users_.CreateKey("acct1", std::nullopt, ctx_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("two keys")));
}

TEST_F(EcsUsersTest, CreateKeyForMissingUserIsNotFound) {
  ecs_.On("POST /object/user-secret-keys/cs-acct9", 404, recorded::kError2000);
  EXPECT_THAT(users_.CreateKey("acct9", std::nullopt, ctx_), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(EcsUsersTest, DeleteKeyRemovesTheOlderKey) {
  ecs_.On("GET /object/user-secret-keys/cs-acct1/ns1", 200, recorded::kSecretKeysTwo);
  ecs_.On("POST /object/user-secret-keys/cs-acct1/deactivate", 200);
  EXPECT_THAT(users_.DeleteKey("acct1", "cs-acct1", ctx_), IsOk());
  EXPECT_THAT(BodyOf("POST /object/user-secret-keys/cs-acct1/deactivate"),
              HasSubstr(absl::StrCat("<secret_key>", kKey1, "</secret_key>")));
}

TEST_F(EcsUsersTest, DeleteKeyNeverRemovesTheOnlyKey) {
  ecs_.On("GET /object/user-secret-keys/cs-acct1/ns1", 200, recorded::kSecretKeysOne);
  EXPECT_THAT(users_.DeleteKey("acct1", "cs-acct1", ctx_), IsOk());
  EXPECT_THAT(users_.DeleteKey("acct1", "someone-else", ctx_), IsOk());
  for (const std::string& call : ecs_.Calls()) EXPECT_THAT(call, StartsWith("GET ")) << call;
}

TEST_F(EcsUsersTest, DeleteKeyOfMissingUserIsNotFound) {
  ecs_.On("GET /object/user-secret-keys/cs-acct9/ns1", 404, recorded::kError2000);
  EXPECT_THAT(users_.DeleteKey("acct9", "cs-acct9", ctx_), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(EcsUsersTest, KeyOfIsCachedBriefly) {
  ecs_.On("GET /object/user-secret-keys/cs-acct1/ns1", 200, recorded::kSecretKeysOne);
  ASSERT_THAT(users_.KeyOf("cs-acct1", ctx_), IsOk());
  clock_.Advance(absl::Seconds(59));
  ASSERT_THAT(users_.KeyOf("cs-acct1", ctx_), IsOk());
  EXPECT_EQ(ecs_.Calls().size(), 1u);
  clock_.Advance(absl::Seconds(2));
  ASSERT_THAT(users_.KeyOf("cs-acct1", ctx_), IsOk());
  EXPECT_EQ(ecs_.Calls().size(), 2u);
  users_.ForgetKey("cs-acct1");
  absl::StatusOr<Credentials> c = users_.KeyOf("cs-acct1", ctx_);
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->secret_access_key.Reveal(), kKey1);
  EXPECT_EQ(ecs_.Calls().size(), 3u);
}

TEST_F(EcsUsersTest, ConcurrentKeyOfReadsTheKeyOnce) {
  // 64 S3 calls as one owner on a cold daemon (64 concurrent CreateBucket with versioning). The
  // first key read is held until every caller is reading too, or for a bounded while when
  // (as it should be) no other caller reads.
  constexpr int kCallers = 64;
  // Outlives the test: the handler stays installed for the logout at the fixture's end.
  struct Gate {
    testutil::FakeHttpTransport answers;
    FakeEcsRoutes routes{&answers, kBase};
    absl::Mutex mu;
    int readers = 0;  // guarded by mu
  };
  auto gate = std::make_shared<Gate>();
  gate->routes.On("GET /object/user-secret-keys/cs-acct1/ns1", 200, recorded::kSecretKeysOne);
  transport_.SetHandler([gate](const http::HttpRequest& r) {
    if (absl::StrContains(r.url, "/user-secret-keys/")) {
      absl::MutexLock lock(&gate->mu);
      ++gate->readers;
      auto all_reading = [&gate] { return gate->readers == kCallers; };
      gate->mu.AwaitWithTimeout(absl::Condition(&all_reading), absl::Milliseconds(200));
    }
    return gate->answers.Send(r, CallContext());
  });
  absl::Notification go;
  std::vector<std::thread> threads;
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([this, &go] {
      go.WaitForNotification();
      absl::StatusOr<Credentials> c = users_.KeyOf("cs-acct1", ctx_);
      ASSERT_THAT(c, IsOk());
      EXPECT_EQ(c->secret_access_key.Reveal(), kKey1);
    });
  }
  go.Notify();
  for (std::thread& t : threads) t.join();
  EXPECT_THAT(ecs_.Calls(), ElementsAre("GET /object/user-secret-keys/cs-acct1/ns1"));
}

TEST_F(EcsUsersTest, KeyOfUserWithoutKeyIsFailedPrecondition) {
  ecs_.On("GET /object/user-secret-keys/cs-acct1/ns1", 200, recorded::kSecretKeysNone);
  EXPECT_THAT(users_.KeyOf("cs-acct1", ctx_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("EnsureUser")));
}

}  // namespace
}  // namespace osp::providers::ecs
