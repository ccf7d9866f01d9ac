#include "providers/minio/minio_buckets.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/base/random_source.h"
#include "providers/minio/madmin_crypto.h"
#include "providers/minio/user_policy.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/fake_http_transport.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::minio {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

constexpr char kEndpoint[] = "http://minio.test:9000";
constexpr char kPolicyUrl[] =
    "http://minio.test:9000/minio/admin/v3/info-canned-policy?name=acs-a1&v=2";
const base::Secret kAdminSecret("admin-secret-EXAMPLE");

MinioConfig Config() {
  MinioConfig config;
  config.backend_id = "minio1";
  config.endpoint = kEndpoint;
  config.access_key = "admin";
  config.secret_key = kAdminSecret;
  config.user_secret_seed = base::Secret(std::string(32, 's'));
  return config;
}

http::HttpResponse Answer(int status, std::string body = "") {
  http::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// A MinIO whose account a1 owns, on record, the buckets "kept" (which exists) and "gone" (a
// create that died before the bucket was made), and whose data usage has scanned nothing yet.
class MinioBucketsTest : public ::testing::Test {
 protected:
  MinioBucketsTest()
      : config_(Config()),
        crypto_(&random_),
        admin_(kEndpoint, s3::SigV4Credentials{"admin", kAdminSecret, {}}, "us-east-1", &transport_,
               &clock_, &crypto_),
        users_(config_, &admin_),
        s3_(s3::S3Endpoint{kEndpoint, "us-east-1", true}, "admin", kAdminSecret, &transport_,
            &clock_),
        buckets_(config_, &admin_, &users_, &s3_) {
    transport_.SetHandler([this](const http::HttpRequest& r) { return Serve(r); });
  }

  absl::StatusOr<http::HttpResponse> Serve(const http::HttpRequest& r) {
    if (r.method == "GET" && r.url == kPolicyUrl) {
      return Answer(200, "{\"PolicyName\":\"acs-a1\",\"Policy\":" + UserPolicyJson(owned_) + "}");
    }
    if (r.method == "PUT" && absl::StrContains(r.url, "/add-canned-policy?name=acs-a1")) {
      written_.push_back(r.body);
      return Answer(200);
    }
    if (r.method == "GET" && absl::StrContains(r.url, "/datausageinfo")) {
      return Answer(200, R"({"bucketsUsageInfo":{}})");
    }
    if (r.method == "HEAD" && r.url == std::string(kEndpoint) + "/kept") {
      return head_kept_;
    }
    if (r.method == "HEAD" && r.url == std::string(kEndpoint) + "/gone") return Answer(404);
    return absl::InternalError("unexpected " + r.method + " " + r.url);
  }

  std::set<std::string> owned_ = {"gone", "kept"};
  http::HttpResponse head_kept_ = Answer(200);
  std::vector<std::string> written_;
  const MinioConfig config_;
  base::SystemRandomSource random_;
  MadminCrypto crypto_;
  testutil::FakeHttpTransport transport_;
  testutil::FakeClock clock_;
  MinioAdminClient admin_;
  MinioUsers users_;
  s3::S3Client s3_;
  MinioBuckets buckets_;
};

TEST_F(MinioBucketsTest, ForgetMissingDropsOnlyBucketsThatDoNotExist) {
  ASSERT_THAT(buckets_.ForgetMissing("a1", CallContext()), IsOk());
  ASSERT_EQ(written_.size(), 1u);
  EXPECT_EQ(written_[0], UserPolicyJson({"kept"}));
}

TEST_F(MinioBucketsTest, ForgetMissingWritesNothingWhenEveryBucketExists) {
  owned_ = {"kept"};
  ASSERT_THAT(buckets_.ForgetMissing("a1", CallContext()), IsOk());
  EXPECT_THAT(written_, IsEmpty());
}

TEST_F(MinioBucketsTest, ForgetMissingStopsAtABackendError) {
  head_kept_ = Answer(503);
  owned_ = {"kept"};
  EXPECT_THAT(buckets_.ForgetMissing("a1", CallContext()),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(written_, IsEmpty());
}

TEST_F(MinioBucketsTest, UsageOfAnOwnerLeavesOutBucketsThatDoNotExist) {
  absl::StatusOr<std::vector<BucketUsage>> usage = buckets_.Usage({}, "a1", CallContext());
  ASSERT_THAT(usage.status(), IsOk());
  EXPECT_THAT(*usage, ElementsAre(Field(&BucketUsage::bucket, "kept")));
}

TEST_F(MinioBucketsTest, UsageOfANamedMissingBucketIsNotFound) {
  EXPECT_THAT(buckets_.Usage({"gone"}, "", CallContext()).status(),
              StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace osp::providers::minio
