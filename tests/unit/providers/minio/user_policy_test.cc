#include "providers/minio/user_policy.h"

#include <string>
#include <vector>

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

TEST(UserPolicyTest, DocumentsThatAreNotPoliciesAreRejected) {
  EXPECT_THAT(BucketsOfUserPolicy("not json"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BucketsOfUserPolicy(R"({"Version":"2012-10-17"})"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BucketsOfUserPolicy(
                  R"({"Statement":[{"Effect":"Allow","Resource":["arn:aws:iam:::user/x"]}]})"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(UserPolicyTest, NonStringFieldsAreRejectedNotThrown) {
  EXPECT_THAT(BucketsOfUserPolicy(R"({"Statement":[{"Effect":["Allow"],"Resource":[]}]})"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(BucketsOfUserPolicy(R"({"Version":"2012-10-17","Statement":[{"Effect":1,)"
                                  R"("Action":["s3:*"],"Resource":[2]}]})"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// MinIO's built-in policies and hand-made ones are not ownership records, whatever they grant.
TEST(UserPolicyTest, OnlyTheExactShapeOspdWritesIsARecord) {
  const std::string statement_start = R"({"Version":"2012-10-17","Statement":[)";
  const std::vector<std::string> foreign = {
      // readonly, readwrite, writeonly, diagnostics-like built-ins.
      R"({"Effect":"Allow","Action":["s3:GetBucketLocation","s3:GetObject"],)"
      R"("Resource":["arn:aws:s3:::*"]}]})",
      R"({"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::*"]}]})",
      R"({"Effect":"Allow","Action":["s3:PutObject"],"Resource":["arn:aws:s3:::*"]}]})",
      R"({"Effect":"Allow","Action":["admin:*"],"Resource":["arn:minio:admin:::*"]}]})",
      // ospd's shape but on every bucket, or with a wildcard in the name.
      R"({"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::*","arn:aws:s3:::*/*"]}]})",
      R"({"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::b*","arn:aws:s3:::b*/*"]}]})",
      // A bucket without its objects, objects without the bucket, a key prefix.
      R"({"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::b1"]}]})",
      R"({"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::b1/*"]}]})",
      R"({"Effect":"Allow","Action":["s3:*"],)"
      R"("Resource":["arn:aws:s3:::b1","arn:aws:s3:::b1/x/*"]}]})",
      // Extra action, statement, condition or principal; a deny that is not deny-all.
      R"({"Effect":"Allow","Action":["s3:*","admin:*"],)"
      R"("Resource":["arn:aws:s3:::b1","arn:aws:s3:::b1/*"]}]})",
      R"({"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::b1","arn:aws:s3:::b1/*"]},)"
      R"({"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::*"]}]})",
      R"({"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::b1","arn:aws:s3:::b1/*"],)"
      R"("Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]})",
      R"({"Effect":"Deny","Action":["s3:*"],"Resource":["arn:aws:s3:::b1"]}]})",
      R"({"Effect":"Allow","NotAction":["s3:*"],"Action":["s3:*"],)"
      R"("Resource":["arn:aws:s3:::b1","arn:aws:s3:::b1/*"]}]})",
  };
  for (const std::string& statement : foreign) {
    EXPECT_THAT(BucketsOfUserPolicy(statement_start + statement),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << statement;
  }
  EXPECT_THAT(BucketsOfUserPolicy(R"({"Version":"2012-10-16","Statement":[{"Effect":"Allow",)"
                                  R"("Action":["s3:*"],"Resource":["arn:aws:s3:::b1",)"
                                  R"("arn:aws:s3:::b1/*"]}]})"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// How MinIO may hand the document back: keys and resources in its own order, empty ID/Sid.
TEST(UserPolicyTest, ARecordReadsTheSameInAnotherOrder) {
  EXPECT_THAT(BucketsOfUserPolicy(
                  R"({"ID":"","Statement":[{"Sid":"","Resource":["arn:aws:s3:::b2/*",)"
                  R"("arn:aws:s3:::b1/*","arn:aws:s3:::b2","arn:aws:s3:::b1"],"Effect":"Allow",)"
                  R"("Action":["s3:*"]}],"Version":"2012-10-17"})"),
              IsOkAndHolds(ElementsAre("b1", "b2")));
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
