#include "providers/minio/minio_buckets.h"

#include <map>
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
#include "tests/unit/providers/minio/minio_test_support.h"

namespace osp::providers::minio {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kPolicyUrl[] =
    "http://minio.test:9000/minio/admin/v3/info-canned-policy?name=acs-a1&v=2";

// A MinIO whose account a1 owns, on record, the buckets "kept" (which exists) and "gone" (a
// create that died before the bucket was made), and whose data usage has scanned nothing yet.
class MinioBucketsTest : public ::testing::Test {
 protected:
  MinioBucketsTest()
      : config_(Config()),
        crypto_(&random_, &clock_),
        admin_(kEndpoint, s3::SigV4Credentials{"admin", kAdminSecret, {}}, "us-east-1", &transport_,
               &clock_, &crypto_),
        users_(config_, &admin_, &clock_),
        s3_(s3::S3Endpoint{kEndpoint, "us-east-1", true}, "admin", kAdminSecret, &transport_,
            &clock_),
        buckets_(config_, &admin_, &users_, &s3_) {
    transport_.SetHandler([this](const http::HttpRequest& r) { return Serve(r); });
  }

  absl::StatusOr<http::HttpResponse> Serve(const http::HttpRequest& r) {
    if (auto it = answers_.find(Call(r)); it != answers_.end()) return it->second;
    if (Call(r) == "GET /minio/admin/v3/list-canned-policies") {
      return Answer(200, "{\"acs-a1\":" + UserPolicyJson(owned_) + "}");
    }
    if (r.method == "GET" && r.url == kPolicyUrl) {
      return Answer(200, "{\"PolicyName\":\"acs-a1\",\"Policy\":" + UserPolicyJson(owned_) + "}");
    }
    if (r.method == "PUT" && absl::StrContains(r.url, "/add-canned-policy?name=acs-a1")) {
      written_.push_back(r.body);
      absl::StatusOr<std::set<std::string>> buckets = BucketsOfUserPolicy(r.body);
      if (!buckets.ok()) return buckets.status();
      owned_ = *buckets;
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

  // Answers for reading the settings of bucket `name`, which has none: versioning never set, no
  // object lock, encryption, policy or quota.
  void AnswerNoSettings(const std::string& name) {
    answers_["GET /" + name + "?versioning"] = Answer(200, "<VersioningConfiguration/>");
    answers_["GET /" + name + "?object-lock"] =
        Answer(404, "<Error><Code>ObjectLockConfigurationNotFoundError</Code></Error>");
    answers_["GET /" + name + "?encryption"] =
        Answer(404, "<Error><Code>ServerSideEncryptionConfigurationNotFoundError</Code></Error>");
    answers_["GET /" + name + "?policy"] =
        Answer(404, "<Error><Code>NoSuchBucketPolicy</Code></Error>");
    answers_["GET /minio/admin/v3/get-bucket-quota?bucket=" + name] =
        Answer(404, R"({"Code":"XMinioAdminNoSuchQuotaConfiguration"})");
  }

  // "METHOD /path?query" of a request.
  static std::string Call(const http::HttpRequest& r) {
    return r.method + " " + r.url.substr(sizeof(kEndpoint) - 1);
  }
  std::vector<std::string> Calls() const {
    std::vector<std::string> calls;
    for (const http::HttpRequest& r : transport_.requests()) calls.push_back(Call(r));
    return calls;
  }

  // Answers by Call(), before the fixed ones below. The owner a1 exists; "fresh" does not.
  std::map<std::string, http::HttpResponse> answers_ = {
      {"GET /minio/admin/v3/user-info?accessKey=acs-a1",
       Answer(200, R"({"policyName":"acs-a1","status":"enabled"})")},
      {"GET /minio/admin/v3/list-canned-policies?bucket=fresh", Answer(200, "{}")},
      // "other-app" exists, but no account of ospd owns it (another application's bucket).
      {"GET /minio/admin/v3/list-canned-policies?bucket=other-app", Answer(200, "{}")},
      {"HEAD /other-app", Answer(200)},
      {"HEAD /fresh", Answer(404)},
      {"PUT /fresh", Answer(200)},
  };
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

BucketSpec Spec(const std::string& name) {
  BucketSpec spec;
  spec.name = name;
  spec.owner = "a1";
  return spec;
}

// Every setting ospd can give a MinIO bucket at create.
BucketSpec FullSpec(const std::string& name) {
  BucketSpec spec = Spec(name);
  spec.versioning = Versioning::kEnabled;
  spec.encryption = Encryption::kSseS3;
  spec.policy.kind = PolicyKind::kPublicRead;
  spec.quota.max_bytes = int64_t{1} << 30;
  return spec;
}

// The checks and the ownership claim that precede the S3 CreateBucket of a new bucket.
const std::vector<std::string> kFreshPrelude = {
    "GET /minio/admin/v3/user-info?accessKey=acs-a1",
    "HEAD /fresh",
    "GET /minio/admin/v3/info-canned-policy?name=acs-a1&v=2",
    "PUT /minio/admin/v3/add-canned-policy?name=acs-a1",
    "GET /minio/admin/v3/list-canned-policies?bucket=fresh",
    "PUT /fresh",
};

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST_F(MinioBucketsTest, CreateOfAPlainBucketReadsNothingBack) {
  absl::StatusOr<Bucket> bucket = buckets_.Create(Spec("fresh"), CallContext());
  ASSERT_THAT(bucket, IsOk());
  EXPECT_EQ(Calls(), kFreshPrelude);
  EXPECT_EQ(bucket->spec.name, "fresh");
  EXPECT_EQ(bucket->spec.owner, "a1");
  EXPECT_EQ(bucket->spec.versioning, Versioning::kOff);
  EXPECT_EQ(bucket->spec.encryption, Encryption::kNone);
  EXPECT_EQ(bucket->spec.policy.kind, PolicyKind::kPrivate);
  EXPECT_FALSE(bucket->spec.object_lock);
  EXPECT_EQ(bucket->spec.quota, Quota{});
  EXPECT_EQ(bucket->usage.bucket, "fresh");
  EXPECT_EQ(bucket->usage.bytes, 0);
  EXPECT_EQ(bucket->private_url, std::string(kEndpoint) + "/fresh");
}

TEST_F(MinioBucketsTest, CreateWithEverySettingWritesEachOnceAndReadsNothingBack) {
  for (const char* call : {"PUT /fresh?versioning", "PUT /fresh?encryption", "PUT /fresh?policy",
                           "PUT /minio/admin/v3/set-bucket-quota?bucket=fresh"}) {
    answers_[call] = Answer(200);
  }
  absl::StatusOr<Bucket> bucket = buckets_.Create(FullSpec("fresh"), CallContext());
  ASSERT_THAT(bucket, IsOk());
  EXPECT_EQ(Calls(), Concat(kFreshPrelude,
                            {"PUT /fresh?versioning", "PUT /fresh?encryption", "PUT /fresh?policy",
                             "PUT /minio/admin/v3/set-bucket-quota?bucket=fresh"}));
  EXPECT_EQ(bucket->spec.versioning, Versioning::kEnabled);
  EXPECT_EQ(bucket->spec.encryption, Encryption::kSseS3);
  EXPECT_EQ(bucket->spec.policy.kind, PolicyKind::kPublicRead);
  EXPECT_EQ(bucket->spec.quota.max_bytes, int64_t{1} << 30);
}

TEST_F(MinioBucketsTest, CreateStopsAtTheFirstFailedWrite) {
  answers_["PUT /fresh?versioning"] = Answer(503);
  EXPECT_THAT(buckets_.Create(FullSpec("fresh"), CallContext()).status(),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(Calls().back(), "PUT /fresh?versioning");
}

TEST_F(MinioBucketsTest, ObjectLockTurnsVersioningOnWithoutAVersioningCall) {
  BucketSpec spec = Spec("fresh");
  spec.object_lock = true;
  spec.versioning = Versioning::kEnabled;
  absl::StatusOr<Bucket> bucket = buckets_.Create(spec, CallContext());
  ASSERT_THAT(bucket, IsOk());
  EXPECT_EQ(Calls(), kFreshPrelude);
  EXPECT_TRUE(bucket->spec.object_lock);
  EXPECT_EQ(bucket->spec.versioning, Versioning::kEnabled);
}

// a1 and b1 both found "fresh" missing and both claimed it (through two daemons): a1 sees b1's
// claim, withdraws its own and makes no bucket. b1 sees a1's claim or not, so at most b1 goes on.
TEST_F(MinioBucketsTest, CreateRacingAnotherAccountWithdrawsItsClaim) {
  answers_["GET /minio/admin/v3/list-canned-policies?bucket=fresh"] =
      Answer(200, "{\"acs-b1\":" + UserPolicyJson({"fresh"}) +
                      ",\"acs-a1\":" + UserPolicyJson({"fresh", "gone", "kept"}) + "}");
  EXPECT_THAT(buckets_.Create(Spec("fresh"), CallContext()).status(),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("another account")));
  EXPECT_THAT(Calls(), Not(Contains("PUT /fresh")));
  EXPECT_THAT(written_, ElementsAre(UserPolicyJson({"fresh", "gone", "kept"}),
                                    UserPolicyJson({"gone", "kept"})));
}

// Between HeadBucket and the S3 create, a tool other than ospd made "fresh" (MinIO answers the
// admin "already owned by you"): not adopted, the claim is withdrawn.
TEST_F(MinioBucketsTest, CreateDoesNotAdoptABucketMadeOutsideOspdMeanwhile) {
  answers_["PUT /fresh"] = Answer(409, "<Error><Code>BucketAlreadyOwnedByYou</Code></Error>");
  EXPECT_THAT(buckets_.Create(FullSpec("fresh"), CallContext()).status(),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("not managed by ospd")));
  EXPECT_EQ(Calls(),
            Concat(kFreshPrelude, {"GET /minio/admin/v3/info-canned-policy?name=acs-a1&v=2",
                                   "PUT /minio/admin/v3/add-canned-policy?name=acs-a1"}));
  EXPECT_THAT(written_, ElementsAre(UserPolicyJson({"fresh", "gone", "kept"}),
                                    UserPolicyJson({"gone", "kept"})));
}

// A create that died after its claim and before the S3 create: the retry makes the bucket.
TEST_F(MinioBucketsTest, RetryAfterOnlyTheClaimWasWrittenCreatesTheBucket) {
  owned_.insert("fresh");
  answers_["GET /minio/admin/v3/list-canned-policies?bucket=fresh"] =
      Answer(200, "{\"acs-a1\":" + UserPolicyJson(owned_) + "}");
  ASSERT_THAT(buckets_.Create(Spec("fresh"), CallContext()), IsOk());
  EXPECT_EQ(Calls(), (std::vector<std::string>{
                         "GET /minio/admin/v3/user-info?accessKey=acs-a1",
                         "HEAD /fresh",
                         "GET /minio/admin/v3/info-canned-policy?name=acs-a1&v=2",
                         "GET /minio/admin/v3/list-canned-policies?bucket=fresh",
                         "PUT /fresh",
                     }));
  EXPECT_THAT(written_, IsEmpty());
}

// An earlier create claimed the bucket and outlived its caller: its S3 create made the bucket
// after the retry's HEAD. The retry adopts the bucket instead of withdrawing the claim.
TEST_F(MinioBucketsTest, RetryWhoseEarlierCreateMadeTheBucketMeanwhileAdoptsIt) {
  owned_.insert("fresh");
  answers_["GET /minio/admin/v3/list-canned-policies?bucket=fresh"] =
      Answer(200, "{\"acs-a1\":" + UserPolicyJson(owned_) + "}");
  answers_["PUT /fresh"] = Answer(409, "<Error><Code>BucketAlreadyOwnedByYou</Code></Error>");
  AnswerNoSettings("fresh");
  absl::StatusOr<Bucket> bucket = buckets_.Create(Spec("fresh"), CallContext());
  ASSERT_THAT(bucket, IsOk());
  EXPECT_EQ(bucket->spec.name, "fresh");
  EXPECT_THAT(written_, IsEmpty());
  EXPECT_THAT(owned_, Contains("fresh"));
}

TEST_F(MinioBucketsTest, ObjectLockWithSuspendedVersioningIsRefusedBeforeAnyCall) {
  BucketSpec spec = Spec("fresh");
  spec.object_lock = true;
  spec.versioning = Versioning::kSuspended;
  EXPECT_THAT(buckets_.Create(spec, CallContext()).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Calls(), IsEmpty());
}

// "kept" exists and a1 owns it on record: a retried create reads its settings, writes what is
// missing, reads the usage, and answers without reading the settings again.
class MinioBucketsRetryTest : public MinioBucketsTest {
 protected:
  MinioBucketsRetryTest() {
    answers_["GET /minio/admin/v3/list-canned-policies?bucket=kept"] =
        Answer(200, "{\"acs-a1\":" + UserPolicyJson(owned_) + "}");
    AnswerNoSettings("kept");
    answers_["GET /minio/admin/v3/datausageinfo"] =
        Answer(200, R"({"bucketsUsageInfo":{"kept":{"size":4096,"objectsCount":3}}})");
  }
};

const std::vector<std::string> kRetryReads = {
    "GET /minio/admin/v3/user-info?accessKey=acs-a1",
    "HEAD /kept",
    "GET /minio/admin/v3/list-canned-policies?bucket=kept",
    "GET /kept?versioning",
    "GET /kept?encryption",
    "GET /kept?object-lock",
    "GET /kept?policy",
    "GET /minio/admin/v3/get-bucket-quota?bucket=kept",
};

TEST_F(MinioBucketsRetryTest, RetryOfACompleteCreateWritesNothing) {
  absl::StatusOr<Bucket> bucket = buckets_.Create(Spec("kept"), CallContext());
  ASSERT_THAT(bucket, IsOk());
  EXPECT_EQ(Calls(), Concat(kRetryReads, {"GET /minio/admin/v3/datausageinfo"}));
  EXPECT_EQ(bucket->spec.owner, "a1");
  EXPECT_EQ(bucket->spec.versioning, Versioning::kOff);
  EXPECT_EQ(bucket->usage.bytes, 4096);
  EXPECT_EQ(bucket->usage.objects, 3);
  EXPECT_THAT(written_, IsEmpty());
}

TEST_F(MinioBucketsRetryTest, RetryOfAHalfDoneCreateWritesOnlyWhatIsMissing) {
  answers_["GET /kept?encryption"] =
      Answer(200,
             "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
             "<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>"
             "</ServerSideEncryptionConfiguration>");
  answers_["PUT /kept?versioning"] = Answer(200);
  answers_["PUT /kept?policy"] = Answer(200);
  answers_["PUT /minio/admin/v3/set-bucket-quota?bucket=kept"] = Answer(200);
  absl::StatusOr<Bucket> bucket = buckets_.Create(FullSpec("kept"), CallContext());
  ASSERT_THAT(bucket, IsOk());
  EXPECT_EQ(Calls(), Concat(kRetryReads, {"PUT /kept?versioning", "PUT /kept?policy",
                                          "PUT /minio/admin/v3/set-bucket-quota?bucket=kept",
                                          "GET /minio/admin/v3/datausageinfo"}));
  EXPECT_EQ(bucket->spec.versioning, Versioning::kEnabled);
  EXPECT_EQ(bucket->spec.encryption, Encryption::kSseS3);
  EXPECT_EQ(bucket->spec.policy.kind, PolicyKind::kPublicRead);
  EXPECT_EQ(bucket->spec.quota.max_bytes, int64_t{1} << 30);
}

TEST_F(MinioBucketsRetryTest, RetryWithADifferentSettingIsAlreadyExistsAndWritesNothing) {
  answers_["GET /kept?versioning"] =
      Answer(200, "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>");
  BucketSpec spec = Spec("kept");
  spec.versioning = Versioning::kEnabled;
  EXPECT_THAT(buckets_.Create(spec, CallContext()).status(),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(Calls(), kRetryReads);
}

// What Get of "kept" reads, and so what an update reads back after writing.
const std::vector<std::string> kGetKept = {
    "HEAD /kept",
    "GET /minio/admin/v3/list-canned-policies?bucket=kept",
    "GET /kept?versioning",
    "GET /kept?encryption",
    "GET /kept?object-lock",
    "GET /kept?policy",
    "GET /minio/admin/v3/get-bucket-quota?bucket=kept",
    "GET /minio/admin/v3/datausageinfo",
};

// The same "kept" bucket, updated.
using MinioBucketsUpdateTest = MinioBucketsRetryTest;

TEST_F(MinioBucketsUpdateTest, UpdateChecksTheBucketWritesAndReadsBackOnce) {
  answers_["PUT /kept?policy"] = Answer(200);
  BucketSpec spec = Spec("kept");
  spec.policy.kind = PolicyKind::kPublicRead;
  BucketUpdateMask mask;
  mask.policy = true;
  ASSERT_THAT(buckets_.Update(spec, mask, CallContext()), IsOk());
  EXPECT_EQ(Calls(), Concat({"HEAD /kept", "GET /minio/admin/v3/list-canned-policies?bucket=kept",
                             "PUT /kept?policy"},
                            kGetKept));
}

TEST_F(MinioBucketsUpdateTest, TurningVersioningOffIsRefusedBeforeAnyWrite) {
  answers_["GET /kept?versioning"] =
      Answer(200, "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>");
  BucketSpec spec = Spec("kept");
  spec.versioning = Versioning::kOff;
  BucketUpdateMask mask;
  mask.versioning = true;
  EXPECT_THAT(buckets_.Update(spec, mask, CallContext()).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("bucket.versioning")));
  EXPECT_THAT(Calls(),
              ElementsAre("HEAD /kept", "GET /minio/admin/v3/list-canned-policies?bucket=kept",
                          "GET /kept?versioning"));
}

TEST_F(MinioBucketsUpdateTest, SuspendingVersioningUnderObjectLockIsRefusedBeforeAnyWrite) {
  answers_["GET /kept?object-lock"] =
      Answer(200,
             "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>"
             "</ObjectLockConfiguration>");
  BucketSpec spec = Spec("kept");
  spec.versioning = Versioning::kSuspended;
  BucketUpdateMask mask;
  mask.versioning = true;
  EXPECT_THAT(buckets_.Update(spec, mask, CallContext()).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("object lock")));
  EXPECT_THAT(Calls(),
              ElementsAre("HEAD /kept", "GET /minio/admin/v3/list-canned-policies?bucket=kept",
                          "GET /kept?object-lock"));
}

TEST_F(MinioBucketsUpdateTest, UpdateOfAMissingBucketIsNotFoundAndWritesNothing) {
  BucketSpec spec = Spec("gone");
  spec.quota.max_bytes = 1 << 20;
  BucketUpdateMask mask;
  mask.quota = true;
  EXPECT_THAT(buckets_.Update(spec, mask, CallContext()).status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Calls(), ElementsAre("HEAD /gone"));
}

// On a shared MinIO, ospd's admin key reaches every bucket: a bucket no account of ospd owns is
// never changed (ECS answers NOT_FOUND outside its namespace; Create refuses the name).
TEST_F(MinioBucketsTest, DeleteOfABucketNotManagedByOspdIsRefusedBeforeAnythingIsDeleted) {
  bool emptied = false;
  auto empty = [&] {
    emptied = true;
    return absl::OkStatus();
  };
  EXPECT_THAT(buckets_.Delete("other-app", /*force_empty=*/true, empty, CallContext()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("'other-app' exists and is not managed by ospd")));
  EXPECT_FALSE(emptied);
  EXPECT_THAT(Calls(), ElementsAre("GET /minio/admin/v3/list-canned-policies?bucket=other-app",
                                   "HEAD /other-app"));
}

TEST_F(MinioBucketsTest, UpdateOfABucketNotManagedByOspdIsNotFoundAndWritesNothing) {
  BucketSpec spec = Spec("other-app");
  spec.quota.max_bytes = 1 << 20;
  BucketUpdateMask mask;
  mask.quota = true;
  EXPECT_THAT(buckets_.Update(spec, mask, CallContext()).status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("'other-app'")));
  EXPECT_THAT(Calls(), ElementsAre("HEAD /other-app",
                                   "GET /minio/admin/v3/list-canned-policies?bucket=other-app"));
}

TEST_F(MinioBucketsTest, GetAndUsageOfABucketNotManagedByOspdAreNotFound) {
  EXPECT_THAT(buckets_.Get("other-app", CallContext()).status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(buckets_.Usage({"other-app"}, "", CallContext()).status(),
              StatusIs(absl::StatusCode::kNotFound));
}

// S3 ListBuckets of a MinIO holding "kept" and "other-app".
constexpr char kKeptAndOtherApp[] =
    "<ListAllMyBucketsResult><Buckets>"
    "<Bucket><Name>other-app</Name>"
    "<CreationDate>2024-01-01T00:00:00.000Z</CreationDate></Bucket>"
    "<Bucket><Name>kept</Name>"
    "<CreationDate>2024-01-01T00:00:00.000Z</CreationDate></Bucket>"
    "</Buckets></ListAllMyBucketsResult>";

TEST_F(MinioBucketsTest, ListAndUsageOfAllLeaveOutBucketsNotManagedByOspd) {
  answers_["GET /"] = Answer(200, kKeptAndOtherApp);
  absl::StatusOr<BucketPage> page = buckets_.List("", 10, "", CallContext());
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->buckets.size(), 1u);
  EXPECT_EQ(page->buckets[0].spec.name, "kept");
  EXPECT_EQ(page->buckets[0].spec.owner, "a1");
  absl::StatusOr<std::vector<BucketUsage>> usage = buckets_.Usage({}, "", CallContext());
  ASSERT_THAT(usage, IsOk());
  EXPECT_THAT(*usage, ElementsAre(Field(&BucketUsage::bucket, "kept")));
}

// An operator added a Sid to acs-a1, which records "kept": "kept" is refused, not taken for a
// bucket ospd does not manage (NOT_FOUND, or left out of the list of all).
TEST_F(MinioBucketsTest, ABucketOfARecordEditedByHandIsRefusedNotUnmanaged) {
  const std::string listing = R"({"acs-a1":)" + EditedUserPolicy("kept") + "}";
  answers_["GET /minio/admin/v3/list-canned-policies?bucket=kept"] = Answer(200, listing);
  answers_["GET /minio/admin/v3/list-canned-policies"] = Answer(200, listing);
  answers_["GET /"] = Answer(200, kKeptAndOtherApp);
  const std::string why = "policy 'acs-a1' exists and was not written by ospd";
  EXPECT_THAT(buckets_.Get("kept", CallContext()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr(why)));
  bool emptied = false;
  EXPECT_THAT(buckets_.Delete(
                  "kept", /*force_empty=*/true,
                  [&] {
                    emptied = true;
                    return absl::OkStatus();
                  },
                  CallContext()),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr(why)));
  EXPECT_FALSE(emptied);
  EXPECT_THAT(buckets_.List("", 10, "", CallContext()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr(why)));
  EXPECT_THAT(Calls(), Not(Contains("DELETE /kept")));
}

// Another account's record edited by hand says nothing about a1's buckets: a list of a1 reads
// only a1's record.
TEST_F(MinioBucketsTest, AListOfOneOwnerIgnoresAnotherAccountsEditedRecord) {
  answers_["GET /minio/admin/v3/list-canned-policies"] =
      Answer(200, R"({"acs-a1":)" + UserPolicyJson(owned_) + R"(,"acs-b1":)" +
                      EditedUserPolicy("other-app") + "}");
  answers_["GET /"] = Answer(200, kKeptAndOtherApp);
  absl::StatusOr<BucketPage> page = buckets_.List("a1", 10, "", CallContext());
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->buckets.size(), 1u);
  EXPECT_EQ(page->buckets[0].spec.name, "kept");
  EXPECT_EQ(page->buckets[0].spec.owner, "a1");
}

}  // namespace
}  // namespace osp::providers::minio
