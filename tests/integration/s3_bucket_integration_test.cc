// S3Client bucket calls against radosgw (fixture s3_server), with awscli as the witness.
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/s3/s3_client.h"
#include "tests/integration/s3_integration_test.h"
#include "tests/integration/s3_test_server.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::s3 {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;

using S3BucketIntegrationTest = S3IntegrationTest;

TEST_F(S3BucketIntegrationTest, CreateHeadListDelete) {
  const std::string bucket = server_->BucketName("life");
  EXPECT_THAT(client_->HeadBucket(bucket, ctx_), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_THAT(client_->CreateBucket(bucket, {}, ctx_), IsOk());
  EXPECT_THAT(client_->CreateBucket(bucket, {}, ctx_), IsOk());  // Idempotent.
  EXPECT_THAT(client_->HeadBucket(bucket, ctx_), IsOk());
  EXPECT_THAT(client_->ListBuckets(ctx_),
              IsOkAndHolds(Contains(Field(&BucketEntry::name, bucket))));
  EXPECT_EQ(server_->Aws("s3api head-bucket --bucket " + bucket).exit_code, 0);

  ASSERT_THAT(client_->DeleteBucket(bucket, ctx_), IsOk());
  EXPECT_THAT(client_->DeleteBucket(bucket, ctx_),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("S3 NoSuchBucket")));
  EXPECT_NE(server_->Aws("s3api head-bucket --bucket " + bucket + " 2>/dev/null").exit_code, 0);
}

TEST_F(S3BucketIntegrationTest, CreateErrors) {
  EXPECT_THAT(client_->CreateBucket("ab", {}, ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("S3 InvalidBucketName")));

  // A bucket of another user.
  const std::string bucket = server_->BucketName("taken");
  ASSERT_THAT(client_->CreateBucket(bucket, {}, ctx_), IsOk());
  ASSERT_EQ(
      server_->RadosgwAdmin("user create --uid=it-other --display-name=Other "
                            "--access-key=ITOTHERKEY --secret-key=itothersecret")
                  .exit_code == 0 ||
          absl::StrContains(server_->RadosgwAdmin("user info --uid=it-other").output, "ITOTHERKEY"),
      true);
  std::unique_ptr<S3Client> other = server_->ClientFor("ITOTHERKEY", "itothersecret");
  EXPECT_THAT(other->CreateBucket(bucket, {}, ctx_),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("S3 BucketAlreadyExists")));
  EXPECT_THAT(other->GetBucketVersioning(bucket, ctx_),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("S3 AccessDenied")));

  std::unique_ptr<S3Client> wrong_secret = server_->ClientFor(server_->access_key(), "wrong");
  EXPECT_THAT(wrong_secret->ListBuckets(ctx_),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("S3 SignatureDoesNotMatch")));
  std::unique_ptr<S3Client> unknown = server_->ClientFor("NOSUCHKEY", "x");
  EXPECT_THAT(unknown->ListBuckets(ctx_),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("S3 InvalidAccessKeyId")));
  ASSERT_THAT(client_->DeleteBucket(bucket, ctx_), IsOk());
}

TEST_F(S3BucketIntegrationTest, Versioning) {
  const std::string bucket = server_->BucketName("ver");
  ASSERT_THAT(client_->CreateBucket(bucket, {}, ctx_), IsOk());
  EXPECT_THAT(client_->GetBucketVersioning(bucket, ctx_), IsOkAndHolds(Versioning::kOff));
  ASSERT_THAT(client_->PutBucketVersioning(bucket, Versioning::kEnabled, ctx_), IsOk());
  EXPECT_THAT(client_->GetBucketVersioning(bucket, ctx_), IsOkAndHolds(Versioning::kEnabled));
  EXPECT_THAT(server_->Aws("s3api get-bucket-versioning --bucket " + bucket).output,
              HasSubstr("\"Enabled\""));
  ASSERT_THAT(client_->PutBucketVersioning(bucket, Versioning::kSuspended, ctx_), IsOk());
  EXPECT_THAT(client_->GetBucketVersioning(bucket, ctx_), IsOkAndHolds(Versioning::kSuspended));
  EXPECT_THAT(client_->GetBucketVersioning("it-no-such-bucket", ctx_),
              StatusIs(absl::StatusCode::kNotFound));
  ASSERT_THAT(client_->DeleteBucket(bucket, ctx_), IsOk());
}

TEST_F(S3BucketIntegrationTest, PolicyGivesAnonymousRead) {
  const std::string bucket = server_->BucketName("pol");
  ASSERT_THAT(client_->CreateBucket(bucket, {}, ctx_), IsOk());
  EXPECT_THAT(client_->GetBucketPolicy(bucket, ctx_), IsOkAndHolds(std::nullopt));
  ASSERT_THAT(client_->Upload(bucket, "public.txt", {}, testutil::OneChunk("shared"), ctx_),
              IsOk());
  const std::string url = server_->endpoint() + "/" + bucket + "/public.txt";
  EXPECT_EQ(server_->Shell("curl -s -o /dev/null -w '%{http_code}' " + url).output, "403");

  const std::string policy = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
                             R"("Principal":"*","Action":["s3:GetObject"],"Resource":)"
                             R"(["arn:aws:s3:::)" +
                             bucket + R"(/*"]}]})";
  ASSERT_THAT(client_->PutBucketPolicy(bucket, policy, ctx_), IsOk());
  EXPECT_THAT(client_->GetBucketPolicy(bucket, ctx_),
              IsOkAndHolds(Optional(HasSubstr("s3:GetObject"))));
  EXPECT_THAT(server_->Aws("s3api get-bucket-policy --bucket " + bucket).output,
              HasSubstr("s3:GetObject"));
  EXPECT_EQ(server_->Shell("curl -s " + url).output, "shared");

  EXPECT_THAT(client_->PutBucketPolicy(bucket, "{not json", ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_THAT(client_->DeleteBucketPolicy(bucket, ctx_), IsOk());
  EXPECT_THAT(client_->DeleteBucketPolicy(bucket, ctx_), IsOk());  // Idempotent.
  EXPECT_THAT(client_->GetBucketPolicy(bucket, ctx_), IsOkAndHolds(std::nullopt));
  EXPECT_EQ(server_->Shell("curl -s -o /dev/null -w '%{http_code}' " + url).output, "403");
  testutil::EmptyAndDelete(*client_, bucket);
}

TEST_F(S3BucketIntegrationTest, Cors) {
  const std::string bucket = server_->BucketName("cors");
  ASSERT_THAT(client_->CreateBucket(bucket, {}, ctx_), IsOk());
  EXPECT_THAT(client_->GetBucketCors(bucket, ctx_), IsOkAndHolds(IsEmpty()));
  CorsRule rule;
  rule.allowed_origins = {"https://app.example"};
  rule.allowed_methods = {"GET", "PUT"};
  rule.allowed_headers = {"*"};
  rule.expose_headers = {"ETag"};
  rule.max_age_seconds = 600;
  ASSERT_THAT(client_->PutBucketCors(bucket, {rule}, ctx_), IsOk());
  EXPECT_THAT(client_->GetBucketCors(bucket, ctx_), IsOkAndHolds(ElementsAre(rule)));
  EXPECT_THAT(server_->Aws("s3api get-bucket-cors --bucket " + bucket).output,
              HasSubstr("https://app.example"));
  // Preflight from the allowed origin is answered with the CORS header.
  EXPECT_THAT(server_
                  ->Shell("curl -s -D - -o /dev/null -X OPTIONS -H 'Origin: "
                          "https://app.example' -H 'Access-Control-Request-Method: GET' " +
                          server_->endpoint() + "/" + bucket + "/x")
                  .output,
              HasSubstr("Access-Control-Allow-Origin: https://app.example"));
  ASSERT_THAT(client_->DeleteBucketCors(bucket, ctx_), IsOk());
  EXPECT_THAT(client_->GetBucketCors(bucket, ctx_), IsOkAndHolds(IsEmpty()));
  ASSERT_THAT(client_->DeleteBucket(bucket, ctx_), IsOk());
}

TEST_F(S3BucketIntegrationTest, ObjectLock) {
  const std::string plain = server_->BucketName("nolock");
  ASSERT_THAT(client_->CreateBucket(plain, {}, ctx_), IsOk());
  EXPECT_THAT(client_->GetObjectLockConfiguration(plain, ctx_),
              IsOkAndHolds(ObjectLockConfiguration{}));

  const std::string locked = server_->BucketName("lock");
  ASSERT_THAT(client_->CreateBucket(locked, {true}, ctx_), IsOk());
  EXPECT_THAT(client_->GetObjectLockConfiguration(locked, ctx_),
              IsOkAndHolds(ObjectLockConfiguration{true, "", 0, 0}));
  // Object lock switches versioning on.
  EXPECT_THAT(client_->GetBucketVersioning(locked, ctx_), IsOkAndHolds(Versioning::kEnabled));
  const ObjectLockConfiguration retention{true, "GOVERNANCE", 1, 0};
  ASSERT_THAT(client_->PutObjectLockConfiguration(locked, retention, ctx_), IsOk());
  EXPECT_THAT(client_->GetObjectLockConfiguration(locked, ctx_), IsOkAndHolds(retention));
  EXPECT_THAT(server_->Aws("s3api get-object-lock-configuration --bucket " + locked).output,
              HasSubstr("GOVERNANCE"));
  ASSERT_THAT(client_->DeleteBucket(locked, ctx_), IsOk());
  ASSERT_THAT(client_->DeleteBucket(plain, ctx_), IsOk());
}

TEST_F(S3BucketIntegrationTest, QuotaExceeded) {
  const std::string bucket = server_->BucketName("quota");
  ASSERT_THAT(client_->CreateBucket(bucket, {}, ctx_), IsOk());
  ASSERT_EQ(
      server_
          ->RadosgwAdmin("quota set --quota-scope=bucket --bucket=" + bucket + " --max-objects=1")
          .exit_code,
      0);
  ASSERT_EQ(server_->RadosgwAdmin("quota enable --quota-scope=bucket --bucket=" + bucket).exit_code,
            0);
  ASSERT_THAT(client_->Upload(bucket, "one", {}, testutil::OneChunk("1"), ctx_), IsOk());
  EXPECT_THAT(client_->Upload(bucket, "two", {}, testutil::OneChunk("2"), ctx_),
              StatusIs(absl::StatusCode::kResourceExhausted, HasSubstr("S3 QuotaExceeded")));
  testutil::EmptyAndDelete(*client_, bucket);
}

}  // namespace
}  // namespace osp::providers::s3
