#include "providers/minio/minio_s3_access.h"

#include <memory>
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
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A shared MinIO: "owned" is a bucket of account a1; "other-app" exists, but no account of
// ospd owns it (another application's); "edited" is recorded by acs-a2, edited by hand.
class MinioS3AccessTest : public ::testing::Test {
 protected:
  MinioS3AccessTest()
      : crypto_(&random_, &clock_),
        admin_(kEndpoint, s3::SigV4Credentials{"admin", kAdminSecret, {}}, "us-east-1", &transport_,
               &clock_, &crypto_),
        users_(Config(), &admin_),
        admin_s3_(s3::S3Endpoint{kEndpoint, "us-east-1", true}, "admin", kAdminSecret, &transport_,
                  &clock_),
        access_(Config(), &users_, &admin_s3_, &transport_, &clock_) {
    transport_.SetHandler([](const http::HttpRequest& r) -> absl::StatusOr<http::HttpResponse> {
      const std::string call = Call(r);
      if (call == "GET /minio/admin/v3/list-canned-policies?bucket=owned") {
        return Answer(200, R"({"acs-a1":)" + UserPolicyJson({"owned"}) + "}");
      }
      if (call == "GET /minio/admin/v3/list-canned-policies?bucket=other-app") {
        return Answer(200, "{}");
      }
      if (call == "GET /minio/admin/v3/list-canned-policies?bucket=edited") {
        return Answer(200, R"({"acs-a2":)" + EditedUserPolicy("edited") + "}");
      }
      return Answer(200);
    });
  }

  static std::string Call(const http::HttpRequest& r) {
    return r.method + " " + r.url.substr(r.url.find("/", sizeof("https://")));
  }
  std::vector<std::string> Calls() const {
    std::vector<std::string> calls;
    for (const http::HttpRequest& r : transport_.requests()) calls.push_back(Call(r));
    return calls;
  }

  base::SystemRandomSource random_;
  testutil::FakeClock clock_;
  MadminCrypto crypto_;
  testutil::FakeHttpTransport transport_;
  MinioAdminClient admin_;
  MinioUsers users_;
  s3::S3Client admin_s3_;
  MinioS3Access access_;
};

TEST_F(MinioS3AccessTest, CallsOnABucketOfOspdRunWithTheAdminKey) {
  int runs = 0;
  EXPECT_THAT(access_.AsOwner("owned", CallContext(),
                              [&](s3::S3Client&) {
                                ++runs;
                                return absl::OkStatus();
                              }),
              IsOk());
  EXPECT_EQ(runs, 1);
  EXPECT_THAT(access_.ClientFor("owned", /*public_endpoint=*/false, CallContext()), IsOk());
  EXPECT_THAT(access_.ClientFor("owned", /*public_endpoint=*/true, CallContext()), IsOk());
}

// The admin key reaches every bucket: without the ownership check, DeleteObjects or the
// force_empty of DeleteBucket would empty another application's bucket.
TEST_F(MinioS3AccessTest, ABucketNotManagedByOspdIsNotFoundAndNotTouched) {
  bool ran = false;
  EXPECT_THAT(access_.AsOwner("other-app", CallContext(),
                              [&](s3::S3Client&) {
                                ran = true;
                                return absl::OkStatus();
                              }),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("'other-app'")));
  EXPECT_FALSE(ran);
  for (bool public_endpoint : {false, true}) {
    EXPECT_THAT(access_.ClientFor("other-app", public_endpoint, CallContext()).status(),
                StatusIs(absl::StatusCode::kNotFound))
        << public_endpoint;
  }
  const std::string lookup = "GET /minio/admin/v3/list-canned-policies?bucket=other-app";
  EXPECT_THAT(Calls(), ElementsAre(lookup, lookup, lookup));
}

// Object calls on a bucket whose record was edited by hand say so rather than NOT_FOUND, which
// would tell the caller that the bucket is gone.
TEST_F(MinioS3AccessTest, ABucketOfARecordEditedByHandIsRefusedNotNotFound) {
  bool ran = false;
  EXPECT_THAT(access_.AsOwner("edited", CallContext(),
                              [&](s3::S3Client&) {
                                ran = true;
                                return absl::OkStatus();
                              }),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("policy 'acs-a2' exists and was not written by ospd")));
  EXPECT_FALSE(ran);
  EXPECT_THAT(access_.ClientFor("edited", /*public_endpoint=*/true, CallContext()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace osp::providers::minio
