#include "providers/minio/minio_admin_json.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/minio/minio_error.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::minio {
namespace {

using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;

TEST(MinioAdminJsonTest, ReadsTheDocumentedFields) {
  auto info = admin_json::ParseUserInfo(R"({"policyName":"p1,p2","status":"enabled"})");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->policy_name, "p1,p2");
  EXPECT_EQ(info->status, "enabled");
  EXPECT_THAT(admin_json::ParseBucketQuota(R"({"quota":7,"quotatype":"hard"})"),
              IsOkAndHolds(Eq(7)));
  auto account =
      admin_json::ParseServiceAccount(R"({"credentials":{"accessKey":"AK1","secretKey":"SK1"}})");
  ASSERT_TRUE(account.ok());
  EXPECT_EQ(account->access_key, "AK1");
  EXPECT_EQ(account->secret_key.Reveal(), "SK1");
}

// Fields of another type than MinIO documents are treated as absent: nlohmann's value() would
// throw, and an exception escaping a gRPC handler ends the daemon.
TEST(MinioAdminJsonTest, FieldsOfTheWrongTypeAreAbsentNotThrown) {
  auto info = admin_json::ParseUserInfo(R"({"policyName":5,"status":["enabled"]})");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->policy_name, "");
  EXPECT_EQ(info->status, "");
  EXPECT_THAT(admin_json::ParseServiceAccount(R"({"credentials":{"accessKey":1}})"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("no credentials")));
  EXPECT_THAT(
      admin_json::ParseServiceAccounts(R"({"accounts":[{"accessKey":{}},{"accessKey":"A"}]})"),
      IsOkAndHolds(ElementsAre("", "A")));
  EXPECT_EQ(MinioErrorCode(R"({"Code":404,"Message":null})"), "");
  EXPECT_THAT(MinioErrorToStatus(404, R"({"Code":[]})", "user-info"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST(MinioAdminJsonTest, NotAnObjectIsUnavailableNamingTheCall) {
  EXPECT_THAT(admin_json::ParseDataUsage("[]"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("datausageinfo")));
  EXPECT_THAT(admin_json::ParseCannedPolicies("{"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("list-canned-policies")));
}

}  // namespace
}  // namespace osp::providers::minio
