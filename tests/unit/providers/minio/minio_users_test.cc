#include "providers/minio/minio_users.h"

#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/base/random_source.h"
#include "providers/minio/madmin_crypto.h"
#include "providers/minio/user_policy.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/fake_http_transport.h"
#include "tests/testutil/status_matchers.h"
#include "tests/unit/providers/minio/minio_test_support.h"

namespace osp::providers::minio {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kUserInfo[] = "GET /minio/admin/v3/user-info?accessKey=acs-a1";
constexpr char kPolicyInfo[] = "GET /minio/admin/v3/info-canned-policy?name=acs-a1&v=2";
// MinIO's built-in readonly policy, as info-canned-policy answers it.
constexpr char kReadonly[] =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetBucketLocation",)"
    R"("s3:GetObject"],"Resource":["arn:aws:s3:::*"]}]})";

http::HttpResponse Policy(const std::string& document) {
  return Answer(200, R"({"PolicyName":"acs-a1","Policy":)" + document + "}");
}

// A MinIO without user acs-a1 and without a policy of that name, unless a test adds them.
class MinioUsersTest : public ::testing::Test {
 protected:
  MinioUsersTest()
      : crypto_(&random_, &clock_),
        admin_(kEndpoint, s3::SigV4Credentials{"admin", kAdminSecret, {}}, "us-east-1", &transport_,
               &clock_, &crypto_),
        users_(Config(), &admin_, &clock_) {
    transport_.SetHandler([this](const http::HttpRequest& r) -> absl::StatusOr<http::HttpResponse> {
      if (auto it = answers_.find(Call(r)); it != answers_.end()) return it->second;
      if (r.method == "GET") return absl::InternalError("unexpected " + Call(r));
      return Answer(200);  // Writes succeed; the tests check which were made.
    });
  }

  static std::string Call(const http::HttpRequest& r) {
    return r.method + " " + r.url.substr(sizeof(kEndpoint) - 1);
  }
  std::vector<std::string> Calls() const {
    std::vector<std::string> calls;
    for (const http::HttpRequest& r : transport_.requests()) calls.push_back(Call(r));
    return calls;
  }
  std::vector<std::string> Writes() const {
    std::vector<std::string> writes;
    for (const http::HttpRequest& r : transport_.requests()) {
      if (r.method != "GET" && r.method != "HEAD") writes.push_back(Call(r));
    }
    return writes;
  }

  std::map<std::string, http::HttpResponse> answers_ = {
      {kUserInfo, Answer(404, R"({"Code":"XMinioAdminNoSuchUser"})")},
      {kPolicyInfo, Answer(404, R"({"Code":"XMinioAdminNoSuchPolicy"})")},
  };
  base::SystemRandomSource random_;
  testutil::FakeClock clock_;
  MadminCrypto crypto_;
  testutil::FakeHttpTransport transport_;
  MinioAdminClient admin_;
  MinioUsers users_;
};

TEST_F(MinioUsersTest, EnsureOfANewUserCreatesItWithADenyAllPolicy) {
  absl::StatusOr<UserResult> user = users_.Ensure("a1", CallContext());
  ASSERT_THAT(user, IsOk());
  EXPECT_TRUE(user->created);
  EXPECT_EQ(user->user_name, "acs-a1");
  EXPECT_THAT(Writes(), ElementsAre("PUT /minio/admin/v3/add-user?accessKey=acs-a1",
                                    "PUT /minio/admin/v3/add-canned-policy?name=acs-a1",
                                    "POST /minio/admin/v3/idp/builtin/policy/attach"));
  EXPECT_EQ(transport_.requests()[3].body, UserPolicyJson({}));
}

TEST_F(MinioUsersTest, EnsureKeepsTheBucketsOfItsOwnPolicy) {
  answers_[kUserInfo] = Answer(200, R"({"policyName":"","status":"enabled"})");
  answers_[kPolicyInfo] = Policy(UserPolicyJson({"b1"}));
  ASSERT_THAT(users_.Ensure("a1", CallContext()), IsOk());
  EXPECT_THAT(Writes(), ElementsAre("PUT /minio/admin/v3/add-canned-policy?name=acs-a1",
                                    "POST /minio/admin/v3/idp/builtin/policy/attach"));
  EXPECT_EQ(transport_.requests()[2].body, UserPolicyJson({"b1"}));
}

// With a prefix "" (refused by MinioConfig now), EnsureUser("readonly") met MinIO's built-in
// policy: it was read as a record of bucket "*", rewritten to s3:* on everything and attached.
TEST_F(MinioUsersTest, EnsureLeavesAPolicyNotWrittenByOspdAloneBeforeAnyWrite) {
  answers_[kPolicyInfo] = Policy(kReadonly);
  EXPECT_THAT(users_.Ensure("a1", CallContext()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("policy 'acs-a1' exists and was not written by ospd")));
  EXPECT_THAT(Writes(), ::testing::IsEmpty());
  EXPECT_THAT(Calls(), ElementsAre(kUserInfo, kPolicyInfo));
}

TEST_F(MinioUsersTest, EnsureRefusesAWildcardPolicyOfOspdShape) {
  answers_[kUserInfo] = Answer(200, R"({"policyName":"","status":"enabled"})");
  answers_[kPolicyInfo] =
      Policy(R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],)"
             R"("Resource":["arn:aws:s3:::*","arn:aws:s3:::*/*"]}]})");
  EXPECT_THAT(users_.Ensure("a1", CallContext()), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Writes(), ::testing::IsEmpty());
}

TEST_F(MinioUsersTest, PolicyCallsRefuseAPolicyNotWrittenByOspd) {
  answers_[kUserInfo] = Answer(200, R"({"policyName":"acs-a1","status":"enabled"})");
  answers_[kPolicyInfo] = Policy(kReadonly);
  EXPECT_THAT(users_.AddBucket("a1", "b1", CallContext()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("acs-a1")));
  EXPECT_THAT(users_.RemoveBucket("a1", "b1", CallContext()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(users_.Delete("a1", CallContext()), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Writes(), ::testing::IsEmpty());
}

// An operator added a Sid to acs-a1: the buckets it records must not read as unmanaged (NOT_FOUND
// to every call on them), but be refused as ReadPolicy refuses that record.
TEST_F(MinioUsersTest, OwnershipLookupsRefuseAPolicyOfOurNamesNotWrittenByOspd) {
  const std::string listing =
      std::string(R"({"readonly":)") + kReadonly + R"(,"acs-a1":)" + EditedUserPolicy("b1") + "}";
  answers_["GET /minio/admin/v3/list-canned-policies?bucket=b1"] = Answer(200, listing);
  answers_["GET /minio/admin/v3/list-canned-policies"] = Answer(200, listing);
  const std::string why = "policy 'acs-a1' exists and was not written by ospd";
  EXPECT_THAT(users_.Claimants("b1", CallContext()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr(why)));
  EXPECT_THAT(users_.ManagedOwnerOf("b1", CallContext()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr(why)));
  EXPECT_THAT(users_.Owners(CallContext()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr(why)));
}

// Policies of other names (MinIO's built-in ones, another tool's) are no records of ospd's.
TEST_F(MinioUsersTest, OwnershipLookupsIgnorePoliciesOfOtherNames) {
  const std::string listing =
      std::string(R"({"readonly":)") + kReadonly + R"(,"acs-a1":)" + UserPolicyJson({"b1"}) + "}";
  answers_["GET /minio/admin/v3/list-canned-policies?bucket=b1"] = Answer(200, listing);
  answers_["GET /minio/admin/v3/list-canned-policies"] = Answer(200, listing);
  EXPECT_THAT(users_.ManagedOwnerOf("b1", CallContext()), IsOkAndHolds("a1"));
  EXPECT_THAT(users_.Owners(CallContext()),
              IsOkAndHolds(ElementsAre(std::make_pair(std::string("b1"), std::string("a1")))));
}

}  // namespace
}  // namespace osp::providers::minio
