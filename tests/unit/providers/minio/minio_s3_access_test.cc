#include "providers/minio/minio_s3_access.h"

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/base/random_source.h"
#include "providers/minio/madmin_crypto.h"
#include "providers/minio/minio_buckets.h"
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

// A shared MinIO: "owned" is a bucket of account a1 (while its record `owned_` names it);
// "other-app" exists, but no account of ospd owns it (another application's); "edited" is
// recorded by acs-a2, edited by hand.
class MinioS3AccessTest : public ::testing::Test {
 protected:
  MinioS3AccessTest()
      : crypto_(&random_, &clock_),
        admin_(kEndpoint, s3::SigV4Credentials{"admin", kAdminSecret, {}}, "us-east-1", &transport_,
               &clock_, &crypto_),
        users_(Config(), &admin_, &clock_),
        admin_s3_(s3::S3Endpoint{kEndpoint, "us-east-1", true}, "admin", kAdminSecret, &transport_,
                  &clock_),
        access_(Config(), &users_, &admin_s3_, &transport_, &clock_),
        buckets_(Config(), &admin_, &users_, &admin_s3_) {
    transport_.SetHandler([this](const http::HttpRequest& r) -> absl::StatusOr<http::HttpResponse> {
      const std::string call = Call(r);
      if (call == "GET /minio/admin/v3/list-canned-policies?bucket=owned") {
        if (owned_.count("owned") == 0) return Answer(200, "{}");
        return Answer(200, R"({"acs-a1":)" + UserPolicyJson(owned_) + "}");
      }
      if (call == "GET /minio/admin/v3/info-canned-policy?name=acs-a1&v=2") {
        return Answer(200, R"({"PolicyName":"acs-a1","Policy":)" + UserPolicyJson(owned_) + "}");
      }
      if (call == "PUT /minio/admin/v3/add-canned-policy?name=acs-a1") {
        absl::StatusOr<std::set<std::string>> buckets = BucketsOfUserPolicy(r.body);
        if (!buckets.ok()) return buckets.status();
        owned_ = *std::move(buckets);
        return Answer(200);
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
  // How often the owner of "owned" was looked up so far.
  long Lookups() const {
    const std::vector<std::string> calls = Calls();
    return std::count(calls.begin(), calls.end(),
                      "GET /minio/admin/v3/list-canned-policies?bucket=owned");
  }
  absl::Status AsOwnerOfOwned() {
    return access_.AsOwner("owned", CallContext(), [](s3::S3Client&) { return absl::OkStatus(); });
  }

  base::SystemRandomSource random_;
  testutil::FakeClock clock_;
  MadminCrypto crypto_;
  testutil::FakeHttpTransport transport_;
  MinioAdminClient admin_;
  MinioUsers users_;
  s3::S3Client admin_s3_;
  MinioS3Access access_;
  MinioBuckets buckets_;
  std::set<std::string> owned_ = {"owned"};
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

// A GetObject checks the owner for its HEAD and again for its GET: within kOwnerTtl, the second
// check and any other call on the bucket are answered from memory.
TEST_F(MinioS3AccessTest, TheOwnerIsLookedUpOncePerTtl) {
  EXPECT_THAT(AsOwnerOfOwned(), IsOk());
  EXPECT_THAT(access_.ClientFor("owned", /*public_endpoint=*/false, CallContext()), IsOk());
  EXPECT_EQ(Lookups(), 1);
  clock_.Advance(MinioUsers::kOwnerTtl);
  EXPECT_THAT(access_.ClientFor("owned", /*public_endpoint=*/true, CallContext()), IsOk());
  EXPECT_THAT(AsOwnerOfOwned(), IsOk());
  EXPECT_EQ(Lookups(), 2);
}

// HEADs of missing objects (a caller's existence checks) keep the owner remembered.
TEST_F(MinioS3AccessTest, AMissingObjectKeepsTheOwnerRemembered) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(access_.AsOwner("owned", CallContext(),
                                [](s3::S3Client&) { return absl::NotFoundError("no such key"); }),
                StatusIs(absl::StatusCode::kNotFound));
  }
  EXPECT_EQ(Lookups(), 1);
}

// A bucket this daemon deleted does not go on answering from memory: the next call looks its
// owner up again and finds it no longer managed.
TEST_F(MinioS3AccessTest, ABucketDeletedThroughThisDaemonIsLookedUpAgain) {
  ASSERT_THAT(AsOwnerOfOwned(), IsOk());
  ASSERT_THAT(buckets_.Delete(
                  "owned", /*force_empty=*/false, [] { return absl::OkStatus(); }, CallContext()),
              IsOk());
  ASSERT_THAT(owned_, ::testing::IsEmpty());
  const long lookups = Lookups();
  EXPECT_THAT(AsOwnerOfOwned(), StatusIs(absl::StatusCode::kNotFound, HasSubstr("'owned'")));
  EXPECT_EQ(Lookups(), lookups + 1);
}

}  // namespace
}  // namespace osp::providers::minio
