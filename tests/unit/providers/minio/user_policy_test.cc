#include "providers/minio/user_policy.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/minio/user_secret_deriver.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::minio {
namespace {

using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(UserPolicyTest, GrantsExactlyTheBuckets) {
  EXPECT_EQ(UserPolicyJson({"b1", "b2"}),
            R"({"Statement":[{"Action":["s3:*"],"Effect":"Allow","Resource":["arn:aws:s3:::b1",)"
            R"("arn:aws:s3:::b1/*","arn:aws:s3:::b2","arn:aws:s3:::b2/*"]}],)"
            R"("Version":"2012-10-17"})");
  EXPECT_THAT(BucketsOfUserPolicy(UserPolicyJson({"b1", "b2"})),
              IsOkAndHolds(ElementsAre("b1", "b2")));
}

TEST(UserPolicyTest, NoBucketsIsDenyAll) {
  EXPECT_THAT(UserPolicyJson({}), ::testing::HasSubstr(R"("Effect":"Deny")"));
  EXPECT_THAT(BucketsOfUserPolicy(UserPolicyJson({})), IsOkAndHolds(IsEmpty()));
}

TEST(UserPolicyTest, ForeignDocumentsAreRejected) {
  EXPECT_THAT(BucketsOfUserPolicy("not json"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BucketsOfUserPolicy(R"({"Version":"2012-10-17"})"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BucketsOfUserPolicy(
                  R"({"Statement":[{"Effect":"Allow","Resource":["arn:aws:iam:::user/x"]}]})"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(UserPolicyTest, NonStringEffectIsSkippedNotThrown) {
  EXPECT_THAT(BucketsOfUserPolicy(R"({"Statement":[{"Effect":["Allow"],"Resource":[]}]})"),
              IsOkAndHolds(IsEmpty()));
}

TEST(UserSecretDeriverTest, StableAndDistinctPerUserBackendAndSeed) {
  UserSecretDeriver a(base::Secret(std::string(32, 'a')), "minio-lab");
  const std::string s1 = a.Derive("acs-1").Reveal();
  EXPECT_EQ(s1.size(), 40u);
  EXPECT_EQ(s1, a.Derive("acs-1").Reveal());
  EXPECT_NE(s1, a.Derive("acs-2").Reveal());
  EXPECT_NE(
      s1, UserSecretDeriver(base::Secret(std::string(32, 'a')), "other").Derive("acs-1").Reveal());
  EXPECT_NE(
      s1,
      UserSecretDeriver(base::Secret(std::string(32, 'b')), "minio-lab").Derive("acs-1").Reveal());
  EXPECT_EQ(
      s1.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
}

}  // namespace
}  // namespace osp::providers::minio
