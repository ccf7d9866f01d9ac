// EcsProvider's bucket calls (EcsBuckets) against recorded management API and S3 answers.
#include "providers/ecs/ecs_buckets.h"

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/ecs/ecs_spec.h"
#include "tests/testutil/status_matchers.h"
#include "tests/unit/providers/ecs/ecs_provider_test_base.h"

namespace osp::providers::ecs {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kXml[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr char kNoSuchCors[] =
    "<Error><Code>NoSuchCORSConfiguration</Code><Message>The CORS configuration does not exist"
    "</Message></Error>";
// Browse() as an S3 server stores it (values in another order).
constexpr char kBrowseCors[] =
    R"(<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule>)"
    "<AllowedMethod>HEAD</AllowedMethod><AllowedMethod>GET</AllowedMethod>"
    "<AllowedOrigin>https://app.example.com</AllowedOrigin><AllowedHeader>*</AllowedHeader>"
    "<ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds>"
    "</CORSRule></CORSConfiguration>";

BucketSpec Spec() {
  BucketSpec s;
  s.name = "acct1-data";
  s.owner = "acct1";
  return s;
}

// A browser app at app.example.com reading the bucket.
CorsRule Browse() {
  return CorsRule{{"https://app.example.com"}, {"GET", "HEAD"}, {"*"}, {"ETag"}, 600};
}

// bucket_info of `name` as created by Spec() with the given quota and encryption.
std::string Info(const std::string& owner = "cs-acct1", int64_t block_gb = -1,
                 bool encrypted = false, const std::string& name = "acct1-data") {
  return absl::StrCat(
      "<bucket_info><name>", name, "</name><owner>", owner,
      "</owner><namespace>ns1</namespace><created>2017-07-11T16:26:13.357Z</created>"
      "<vpool>urn:storageos:ReplicationGroupInfo:rg1:global</vpool><block_size>",
      block_gb,
      "</block_size><notification_size>-1</notification_size>"
      "<is_encryption_enabled>",
      encrypted ? "true" : "false", "</is_encryption_enabled></bucket_info>");
}

class EcsBucketsTest : public EcsProviderTestBase {};

// ECS answers a create with the bucket's id and name only: one read completes the answer.
TEST_F(EcsBucketsTest, CreateIsTheCreateAndOneRead) {
  ecs_->On("POST /object/bucket", 200, recorded::kBucketCreated);
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info("cs-acct1", -1, true));
  BucketSpec spec = Spec();
  spec.encryption = Encryption::kSseS3;
  absl::StatusOr<Bucket> b = provider_->CreateBucket(spec, ctx_);
  ASSERT_THAT(b, IsOk());
  EXPECT_THAT(ecs_->Calls(), ElementsAre("POST /object/bucket",
                                         "GET /object/bucket/acct1-data/info?namespace=ns1"));
  EXPECT_EQ(ecs_->logins(), 1);
  // Owner, namespace and encryption; no replication group configured and no quota invented.
  EXPECT_EQ(BodyOf("POST /object/bucket"),
            absl::StrCat(kXml,
                         "<object_bucket_create><name>acct1-data</name><namespace>ns1</namespace>"
                         "<head_type>s3</head_type><filesystem_enabled>false</filesystem_enabled>"
                         "<is_encryption_enabled>true</is_encryption_enabled>"
                         "<owner>cs-acct1</owner></object_bucket_create>\n"));
  EXPECT_EQ(b->spec.name, "acct1-data");
  EXPECT_EQ(b->spec.owner, "acct1");
  EXPECT_EQ(b->spec.encryption, Encryption::kSseS3);
  EXPECT_EQ(b->spec.versioning, Versioning::kOff);
  EXPECT_EQ(b->spec.policy.kind, PolicyKind::kPrivate);
  EXPECT_EQ(b->spec.quota, Quota{});
  EXPECT_EQ(b->created_at, absl::FromUnixMillis(1499790373357));
  EXPECT_EQ(b->public_url, "https://s3.example.com/acct1-data");
  EXPECT_EQ(b->private_url, "http://ecs.example.net:9020/acct1-data");
}

TEST_F(EcsBucketsTest, ABucketNotYetReadableAfterItsCreateIsUnavailableNotNotFound) {
  ecs_->On("POST /object/bucket", 200, recorded::kBucketCreated);
  ecs_->On("GET /object/bucket/acct1-data/info", 404, "<error><code>1004</code></error>");
  EXPECT_THAT(provider_->CreateBucket(Spec(), ctx_).status(),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("bucket 'acct1-data' was created but cannot be read back yet")));
}

TEST_F(EcsBucketsTest, AFailedReadAfterTheCreateIsReturnedAndTheRetryAdoptsTheBucket) {
  ecs_->On("POST /object/bucket", 200, recorded::kBucketCreated);
  ecs_->On("POST /object/bucket", 400, "<error><code>40008</code></error>");
  ecs_->On("GET /object/bucket/acct1-data/info", 503, "<error><code>6000</code></error>");
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info());
  OwnerHasKey();
  ecs_->On("S3 GET /acct1-data?versioning", 200, kVersioningNever);
  ecs_->On("S3 GET /acct1-data?policy", 404, kNoSuchBucketPolicy);
  ecs_->On("S3 GET /acct1-data?cors", 404, kNoSuchCors);
  EXPECT_THAT(provider_->CreateBucket(Spec(), ctx_).status(),
              StatusIs(absl::StatusCode::kUnavailable));
  absl::StatusOr<Bucket> b = provider_->CreateBucket(Spec(), ctx_);
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(b->created_at, absl::FromUnixMillis(1499790373357));
  EXPECT_THAT(
      ecs_->Calls(),
      ElementsAre("POST /object/bucket", "GET /object/bucket/acct1-data/info?namespace=ns1",
                  "POST /object/bucket", "GET /object/bucket/acct1-data/info?namespace=ns1",
                  "GET /object/user-secret-keys/cs-acct1/ns1", "S3 GET /acct1-data?versioning",
                  "S3 GET /acct1-data?policy", "S3 GET /acct1-data?cors"));
}

TEST_F(EcsBucketsTest, CreateSetsVersioningAndPolicyThroughS3AsTheOwner) {
  ecs_->On("POST /object/bucket", 200, recorded::kBucketCreated);
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info("cs-acct1", 10));
  OwnerHasKey();
  ecs_->On("S3 PUT /acct1-data?versioning", 200);
  ecs_->On("S3 PUT /acct1-data?policy", 204);
  BucketSpec spec = Spec();
  spec.quota.max_bytes = 10 * kGiB;
  spec.versioning = Versioning::kEnabled;
  spec.policy.kind = PolicyKind::kPublicRead;
  absl::StatusOr<Bucket> b = provider_->CreateBucket(spec, ctx_);
  ASSERT_THAT(b, IsOk());
  EXPECT_THAT(ecs_->Calls(),
              ElementsAre("POST /object/bucket", "GET /object/user-secret-keys/cs-acct1/ns1",
                          "S3 PUT /acct1-data?versioning", "S3 PUT /acct1-data?policy",
                          "GET /object/bucket/acct1-data/info?namespace=ns1"));
  EXPECT_THAT(BodyOf("POST /object/bucket"),
              HasSubstr("<blockSize>10</blockSize><notificationSize>-1</notificationSize>"));
  EXPECT_THAT(BodyOf("S3 PUT /acct1-data?versioning"), HasSubstr("<Status>Enabled</Status>"));
  EXPECT_EQ(BodyOf("S3 PUT /acct1-data?policy"), PublicReadPolicy("acct1-data"));
  EXPECT_THAT(S3Authorization(), HasSubstr("Credential=cs-acct1/"));
  EXPECT_EQ(b->spec.quota.max_bytes, 10 * kGiB);
  EXPECT_EQ(b->spec.versioning, Versioning::kEnabled);
  EXPECT_EQ(b->spec.policy.kind, PolicyKind::kPublicRead);
}

TEST_F(EcsBucketsTest, CreateSetsCorsRulesThroughS3AsTheOwner) {
  ecs_->On("POST /object/bucket", 200, recorded::kBucketCreated);
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info());
  OwnerHasKey();
  ecs_->On("S3 PUT /acct1-data?cors", 200);
  BucketSpec spec = Spec();
  spec.cors_rules = {Browse()};
  absl::StatusOr<Bucket> b = provider_->CreateBucket(spec, ctx_);
  ASSERT_THAT(b, IsOk());
  EXPECT_THAT(
      ecs_->Calls(),
      ElementsAre("POST /object/bucket", "GET /object/user-secret-keys/cs-acct1/ns1",
                  "S3 PUT /acct1-data?cors", "GET /object/bucket/acct1-data/info?namespace=ns1"));
  EXPECT_THAT(BodyOf("S3 PUT /acct1-data?cors"),
              AllOf(HasSubstr("<AllowedOrigin>https://app.example.com</AllowedOrigin>"),
                    HasSubstr("<AllowedMethod>GET</AllowedMethod>"),
                    HasSubstr("<MaxAgeSeconds>600</MaxAgeSeconds>")));
  EXPECT_THAT(S3Authorization(), HasSubstr("Credential=cs-acct1/"));
  EXPECT_THAT(b->spec.cors_rules, ElementsAre(Browse()));
}

TEST_F(EcsBucketsTest, CorsFailureAfterCreateIsReturnedAndARetryFinishesTheCreate) {
  ecs_->On("POST /object/bucket", 200, recorded::kBucketCreated);
  ecs_->On("POST /object/bucket", 400, "<error><code>40008</code></error>");
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info());
  OwnerHasKey();
  ecs_->On("S3 PUT /acct1-data?cors", 503,
           "<Error><Code>ServiceUnavailable</Code><Message>busy</Message></Error>");
  ecs_->On("S3 PUT /acct1-data?cors", 200);
  ecs_->On("S3 GET /acct1-data?versioning", 200, kVersioningNever);
  ecs_->On("S3 GET /acct1-data?policy", 404, kNoSuchBucketPolicy);
  ecs_->On("S3 GET /acct1-data?cors", 404, kNoSuchCors);
  BucketSpec spec = Spec();
  spec.cors_rules = {Browse()};
  EXPECT_THAT(provider_->CreateBucket(spec, ctx_),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("PutBucketCors")));
  absl::StatusOr<Bucket> b = provider_->CreateBucket(spec, ctx_);
  ASSERT_THAT(b, IsOk());
  EXPECT_THAT(b->spec.cors_rules, ElementsAre(Browse()));
  std::vector<std::string> calls = ecs_->Calls();
  EXPECT_EQ(std::count(calls.begin(), calls.end(), "S3 PUT /acct1-data?cors"), 2);
  EXPECT_EQ(calls.back(), "S3 PUT /acct1-data?cors");
}

TEST_F(EcsBucketsTest, RetryComparesCorsRulesAsTheBackendStoresThem) {
  ecs_->On("POST /object/bucket", 400, "<error><code>40008</code></error>");
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info());
  OwnerHasKey();
  ecs_->On("S3 GET /acct1-data?versioning", 200, kVersioningNever);
  ecs_->On("S3 GET /acct1-data?policy", 404, kNoSuchBucketPolicy);
  ecs_->On("S3 GET /acct1-data?cors", 200, kBrowseCors);
  BucketSpec spec = Spec();
  spec.cors_rules = {Browse()};
  ASSERT_THAT(provider_->CreateBucket(spec, ctx_), IsOk());
  for (const std::string& call : ecs_->Calls()) {
    EXPECT_THAT(call, Not(HasSubstr("S3 PUT"))) << call;
  }
  spec.cors_rules[0].allowed_origins = {"https://other.example.com"};
  EXPECT_THAT(provider_->CreateBucket(spec, ctx_),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("other CORS rules (1)")));
  spec.cors_rules.clear();
  EXPECT_THAT(provider_->CreateBucket(spec, ctx_),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("other CORS rules (1)")));
}

TEST_F(EcsBucketsTest, MalformedCorsRuleIsRefusedBeforeAnyRequest) {
  BucketSpec spec = Spec();
  spec.cors_rules = {CorsRule{{"https://app.example.com"}, {}, {}, {}, 0}};
  EXPECT_THAT(provider_->CreateBucket(spec, ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cors_rules[0]")));
  BucketUpdateMask mask;
  mask.cors_rules = true;
  EXPECT_THAT(provider_->UpdateBucket(spec, mask, ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cors_rules[0]")));
  EXPECT_THAT(transport_->requests(), IsEmpty());
}

TEST_F(EcsBucketsTest, ObjectLockIsRefusedBeforeAnyRequest) {
  BucketSpec spec = Spec();
  spec.object_lock = true;
  EXPECT_THAT(provider_->CreateBucket(spec, ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "object_lock: object lock is not supported by the ECS backend"));
  EXPECT_THAT(transport_->requests(), IsEmpty());
}

TEST_F(EcsBucketsTest, RetryWithTheSameSpecIsOkAndChangesNothing) {
  ecs_->On("POST /object/bucket", 400,
           "<error><code>40008</code><description>Bucket already exists</description></error>");
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info("cs-acct1", 10));
  OwnerHasKey();
  ecs_->On("S3 GET /acct1-data?versioning", 200, kVersioningEnabled);
  ecs_->On("S3 GET /acct1-data?policy", 200, PublicReadPolicy("acct1-data"));
  ecs_->On("S3 GET /acct1-data?cors", 404, kNoSuchCors);
  BucketSpec spec = Spec();
  spec.quota.max_bytes = 10 * kGiB;
  spec.versioning = Versioning::kEnabled;
  spec.policy.kind = PolicyKind::kPublicRead;
  absl::StatusOr<Bucket> b = provider_->CreateBucket(spec, ctx_);
  ASSERT_THAT(b, IsOk());
  for (const std::string& call : ecs_->Calls()) {
    EXPECT_THAT(call, Not(HasSubstr("S3 PUT"))) << call;
  }
  EXPECT_EQ(b->created_at, absl::FromUnixMillis(1499790373357));
}

TEST_F(EcsBucketsTest, RetryWithACustomPolicyThatIsThePublicReadDocumentIsOk) {
  // Stored as sent, it reads back as public-read.
  const std::string document =
      R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},)"
      R"("Action":"s3:GetObject","Resource":"arn:aws:s3:::acct1-data/*"}})";
  ecs_->On("POST /object/bucket", 400, "<error><code>40008</code></error>");
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info());
  OwnerHasKey();
  ecs_->On("S3 GET /acct1-data?versioning", 200, kVersioningNever);
  ecs_->On("S3 GET /acct1-data?policy", 200, document);
  ecs_->On("S3 GET /acct1-data?cors", 404, kNoSuchCors);
  BucketSpec spec = Spec();
  spec.policy = Policy{PolicyKind::kCustom, document};
  absl::StatusOr<Bucket> b = provider_->CreateBucket(spec, ctx_);
  ASSERT_THAT(b, IsOk());
  for (const std::string& call : ecs_->Calls()) {
    EXPECT_THAT(call, Not(HasSubstr("S3 PUT"))) << call;
  }
  EXPECT_EQ(b->spec.policy.kind, PolicyKind::kPublicRead);  // what GetBucket reads
}

TEST_F(EcsBucketsTest, RetryCompletesAHalfDoneCreate) {
  ecs_->On("POST /object/bucket", 400, "<error><code>40008</code></error>");
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info());
  OwnerHasKey();
  ecs_->On("S3 GET /acct1-data?versioning", 200, kVersioningNever);
  ecs_->On("S3 GET /acct1-data?policy", 404, kNoSuchBucketPolicy);
  ecs_->On("S3 GET /acct1-data?cors", 404, kNoSuchCors);
  ecs_->On("S3 PUT /acct1-data?versioning", 200);
  BucketSpec spec = Spec();
  spec.versioning = Versioning::kEnabled;
  ASSERT_THAT(provider_->CreateBucket(spec, ctx_), IsOk());
  EXPECT_EQ(ecs_->Calls().back(), "S3 PUT /acct1-data?versioning");
}

TEST_F(EcsBucketsTest, ExistingBucketWithAnotherSpecIsAlreadyExists) {
  struct Case {
    std::string info;
    std::string message;
  };
  const Case cases[] = {
      {Info("cs-acct2"), "another owner"},
      {Info("cs-acct1", 5), "quota 5 GiB (requested none)"},
      {Info("cs-acct1", -1, true), "encryption on"},
  };
  for (const Case& c : cases) {
    auto transport = std::make_unique<testutil::FakeHttpTransport>();
    FakeEcsRoutes ecs(transport.get(), kMgmtUrl, kS3Url);
    EcsProvider provider(ProviderTestConfig(), std::move(transport), &clock_, &logger_);
    ecs.On("POST /object/bucket", 400, "<error><code>40008</code></error>");
    ecs.On("GET /object/bucket/acct1-data/info", 200, c.info);
    EXPECT_THAT(provider.CreateBucket(Spec(), ctx_),
                StatusIs(absl::StatusCode::kAlreadyExists,
                         AllOf(HasSubstr("'acct1-data'"), HasSubstr(c.message))));
  }
}

TEST_F(EcsBucketsTest, ExistingBucketWithOtherVersioningIsAlreadyExists) {
  ecs_->On("POST /object/bucket", 400, "<error><code>40008</code></error>");
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info());
  OwnerHasKey();
  ecs_->On("S3 GET /acct1-data?versioning", 200, kVersioningEnabled);
  EXPECT_THAT(provider_->CreateBucket(Spec(), ctx_),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("versioning enabled")));
}

TEST_F(EcsBucketsTest, NameTakenInAnotherNamespaceIsAlreadyExists) {
  ecs_->On("POST /object/bucket", 400, "<error><code>40008</code></error>");
  ecs_->On("GET /object/bucket/acct1-data/info", 400, recorded::kError1004);
  EXPECT_THAT(provider_->CreateBucket(Spec(), ctx_),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("outside namespace 'ns1'")));
}

TEST_F(EcsBucketsTest, OwnerWithoutUserIsFailedPrecondition) {
  ecs_->On("POST /object/bucket", 400,
           "<error><code>40010</code><description>Bucket owner not valid</description></error>");
  EXPECT_THAT(provider_->CreateBucket(Spec(), ctx_),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("'cs-acct1'"), HasSubstr("EnsureUser"))));
}

TEST_F(EcsBucketsTest, SixtyFourConcurrentCreatesLogInOnce) {
  ecs_->On("POST /object/bucket", 200, recorded::kBucketCreated);
  for (int i = 0; i < 64; ++i) {
    const std::string name = absl::StrCat("bucket-", i);
    ecs_->On(absl::StrCat("GET /object/bucket/", name, "/info"), 200,
             Info("cs-acct1", -1, false, name));
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([this, i] {
      BucketSpec spec = Spec();
      spec.name = absl::StrCat("bucket-", i);
      EXPECT_THAT(provider_->CreateBucket(spec, ctx_), IsOk());
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ecs_->logins(), 1);
  EXPECT_EQ(provider_->logins(), 1);
  EXPECT_EQ(ecs_->Calls().size(), 128u);
}

class EcsBucketsNamedGroupTest : public EcsProviderTestBase {
 protected:
  static EcsConfig WithGroup() {
    EcsConfig c = ProviderTestConfig();
    c.replication_group = "rg1";
    return c;
  }
  EcsBucketsNamedGroupTest() : EcsProviderTestBase(WithGroup()) {}
};

TEST_F(EcsBucketsNamedGroupTest, GroupNameIsResolvedOnce) {
  ecs_->On("GET /vdc/data-service/vpools", 200, recorded::kVpools);
  ecs_->On("POST /object/bucket", 200, recorded::kBucketCreated);
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info());
  ecs_->On("GET /object/bucket/acct1-logs/info", 200, Info("cs-acct1", -1, false, "acct1-logs"));
  ASSERT_THAT(provider_->CreateBucket(Spec(), ctx_), IsOk());
  BucketSpec second = Spec();
  second.name = "acct1-logs";
  ASSERT_THAT(provider_->CreateBucket(second, ctx_), IsOk());
  EXPECT_THAT(ecs_->Calls(),
              ElementsAre("GET /vdc/data-service/vpools", "POST /object/bucket",
                          "GET /object/bucket/acct1-data/info?namespace=ns1", "POST /object/bucket",
                          "GET /object/bucket/acct1-logs/info?namespace=ns1"));
  EXPECT_THAT(BodyOf("POST /object/bucket"),
              HasSubstr("<vpool>urn:storageos:ReplicationGroupInfo:2ef0a92d-cf88-4933-90ba-"
                        "90245aa031b1:global</vpool>"));
}

TEST_F(EcsBucketsNamedGroupTest, ConcurrentFirstCreatesLookTheGroupUpOnce) {
  ecs_->On("GET /vdc/data-service/vpools", 200, recorded::kVpools);
  ecs_->On("POST /object/bucket", 200, recorded::kBucketCreated);
  for (int i = 0; i < 64; ++i) {
    const std::string name = absl::StrCat("bucket-", i);
    ecs_->On(absl::StrCat("GET /object/bucket/", name, "/info"), 200,
             Info("cs-acct1", -1, false, name));
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([this, i] {
      BucketSpec spec = Spec();
      spec.name = absl::StrCat("bucket-", i);
      EXPECT_THAT(provider_->CreateBucket(spec, ctx_), IsOk());
    });
  }
  for (std::thread& t : threads) t.join();
  std::vector<std::string> calls = ecs_->Calls();
  EXPECT_EQ(std::count(calls.begin(), calls.end(), "GET /vdc/data-service/vpools"), 1);
  EXPECT_EQ(calls.size(), 129u);
  EXPECT_EQ(ecs_->logins(), 1);
}

TEST_F(EcsBucketsTest, GetReportsWhatEcsAndS3Store) {
  ecs_->On("GET /object/bucket/acct1-data/info", 200, recorded::kBucketInfo);
  ecs_->On("GET /object/billing/buckets/ns1/acct1-data/info", 200, recorded::kBilling);
  OwnerHasKey();
  ecs_->On("S3 GET /acct1-data?versioning", 200, kVersioningEnabled);
  ecs_->On("S3 GET /acct1-data?policy", 404, kNoSuchBucketPolicy);
  ecs_->On("S3 GET /acct1-data?cors", 200, kBrowseCors);
  absl::StatusOr<Bucket> b = provider_->GetBucket("acct1-data", ctx_);
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(b->spec.owner, "acct1");
  EXPECT_EQ(b->spec.quota.max_bytes, 10 * kGiB);
  EXPECT_EQ(b->spec.encryption, Encryption::kSseS3);
  EXPECT_EQ(b->spec.versioning, Versioning::kEnabled);
  EXPECT_EQ(b->spec.policy.kind, PolicyKind::kPrivate);
  EXPECT_EQ(b->usage.bytes, 123 * 1024);
  EXPECT_EQ(b->usage.objects, 42);
  EXPECT_EQ(b->public_url, "https://s3.example.com/acct1-data");
  ASSERT_EQ(b->spec.cors_rules.size(), 1u);
  EXPECT_TRUE(SameCorsRules(b->spec.cors_rules, {Browse()}));
  EXPECT_EQ(ecs_->Calls().back(), "S3 GET /acct1-data?cors");
}

TEST_F(EcsBucketsTest, GetMissingIsNotFound) {
  ecs_->On("GET /object/bucket/nope/info", 400, recorded::kError1004);
  EXPECT_THAT(provider_->GetBucket("nope", ctx_),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("ECS 1004")));
}

TEST_F(EcsBucketsTest, ListFiltersByOwnerAndPassesThePageToken) {
  ecs_->On("GET /object/bucket", 200, recorded::kBuckets);
  absl::StatusOr<BucketPage> page = provider_->ListBuckets("acct2", 2, "acct0", ctx_);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->buckets.size(), 1u);
  EXPECT_EQ(page->buckets[0].spec.name, "acct2-logs");
  EXPECT_EQ(page->buckets[0].spec.owner, "acct2");
  EXPECT_EQ(page->buckets[0].spec.quota.max_bytes, 5 * kGiB);
  EXPECT_EQ(page->next_page_token, "acct2-logs");
  EXPECT_THAT(ecs_->Calls(), ElementsAre("GET /object/bucket?namespace=ns1&limit=2&marker=acct0"));
}

TEST_F(EcsBucketsTest, EncryptionUpdateIsRefusedBeforeAnyRequest) {
  BucketUpdateMask mask;
  mask.encryption = true;
  EXPECT_THAT(provider_->UpdateBucket(Spec(), mask, ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "encryption: ECS encryption can only be set when the bucket is created"));
  EXPECT_THAT(transport_->requests(), IsEmpty());
}

TEST_F(EcsBucketsTest, UpdateSetsAndRemovesQuota) {
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info());
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info("cs-acct1", 20));
  ecs_->On("PUT /object/bucket/acct1-data/quota", 200);
  ecs_->On("DELETE /object/bucket/acct1-data/quota", 200);
  ecs_->On("GET /object/billing/buckets/ns1/acct1-data/info", 200, recorded::kBilling);
  OwnerHasKey();
  ecs_->On("S3 GET /acct1-data?versioning", 200, kVersioningNever);
  ecs_->On("S3 GET /acct1-data?policy", 404, kNoSuchBucketPolicy);
  ecs_->On("S3 GET /acct1-data?cors", 404, kNoSuchCors);
  BucketUpdateMask mask;
  mask.quota = true;
  BucketSpec spec = Spec();
  spec.quota.max_bytes = 20 * kGiB;
  absl::StatusOr<Bucket> b = provider_->UpdateBucket(spec, mask, ctx_);
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(b->spec.quota.max_bytes, 20 * kGiB);
  EXPECT_EQ(BodyOf("PUT /object/bucket/acct1-data/quota"),
            absl::StrCat(kXml,
                         "<bucket_quota_param><blockSize>20</blockSize><notificationSize>-1"
                         "</notificationSize><namespace>ns1</namespace></bucket_quota_param>\n"));
  spec.quota.max_bytes = 0;
  ASSERT_THAT(provider_->UpdateBucket(spec, mask, ctx_), IsOk());
  EXPECT_THAT(ecs_->Calls(),
              testing::Contains("DELETE /object/bucket/acct1-data/quota?namespace=ns1"));
}

TEST_F(EcsBucketsTest, UpdateSuspendsVersioningAndMakesThePolicyPrivate) {
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info());
  ecs_->On("GET /object/billing/buckets/ns1/acct1-data/info", 200, recorded::kBilling);
  OwnerHasKey();
  ecs_->On("S3 PUT /acct1-data?versioning", 200);
  ecs_->On("S3 DELETE /acct1-data?policy", 204);
  ecs_->On("S3 GET /acct1-data?versioning", 200,
           "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>");
  ecs_->On("S3 GET /acct1-data?policy", 404, kNoSuchBucketPolicy);
  ecs_->On("S3 GET /acct1-data?cors", 404, kNoSuchCors);
  BucketUpdateMask mask;
  mask.versioning = true;
  mask.policy = true;
  BucketSpec spec = Spec();
  spec.versioning = Versioning::kSuspended;
  spec.policy.kind = PolicyKind::kPrivate;
  absl::StatusOr<Bucket> b = provider_->UpdateBucket(spec, mask, ctx_);
  ASSERT_THAT(b, IsOk());
  EXPECT_THAT(BodyOf("S3 PUT /acct1-data?versioning"), HasSubstr("<Status>Suspended</Status>"));
  EXPECT_THAT(ecs_->Calls(), testing::Contains("S3 DELETE /acct1-data?policy"));
  EXPECT_EQ(b->spec.versioning, Versioning::kSuspended);
  EXPECT_EQ(b->spec.policy.kind, PolicyKind::kPrivate);
}

TEST_F(EcsBucketsTest, UpdateSetsCorsRulesAndAnEmptyListRemovesThem) {
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info());
  ecs_->On("GET /object/billing/buckets/ns1/acct1-data/info", 200, recorded::kBilling);
  OwnerHasKey();
  ecs_->On("S3 PUT /acct1-data?cors", 200);
  // radosgw's answer to deleting rules that are not there (AWS: 204).
  ecs_->On("S3 DELETE /acct1-data?cors", 404, kNoSuchCors);
  ecs_->On("S3 GET /acct1-data?versioning", 200, kVersioningNever);
  ecs_->On("S3 GET /acct1-data?policy", 404, kNoSuchBucketPolicy);
  ecs_->On("S3 GET /acct1-data?cors", 200, kBrowseCors);
  ecs_->On("S3 GET /acct1-data?cors", 404, kNoSuchCors);
  BucketUpdateMask mask;
  mask.cors_rules = true;
  BucketSpec spec = Spec();
  spec.cors_rules = {Browse()};
  absl::StatusOr<Bucket> b = provider_->UpdateBucket(spec, mask, ctx_);
  ASSERT_THAT(b, IsOk());
  EXPECT_THAT(BodyOf("S3 PUT /acct1-data?cors"),
              HasSubstr("<AllowedOrigin>https://app.example.com</AllowedOrigin>"));
  EXPECT_TRUE(SameCorsRules(b->spec.cors_rules, {Browse()}));
  spec.cors_rules.clear();
  b = provider_->UpdateBucket(spec, mask, ctx_);
  ASSERT_THAT(b, IsOk());
  EXPECT_THAT(b->spec.cors_rules, IsEmpty());
  std::vector<std::string> calls = ecs_->Calls();
  EXPECT_EQ(std::count(calls.begin(), calls.end(), "S3 DELETE /acct1-data?cors"), 1);
  EXPECT_EQ(std::count(calls.begin(), calls.end(), "S3 PUT /acct1-data?cors"), 1);
  for (const std::string& call : calls) {  // Nothing but the CORS rules changed.
    if (!absl::StrContains(call, "GET /")) {
      EXPECT_THAT(call, HasSubstr("?cors"));
    }
  }
}

TEST_F(EcsBucketsTest, UpdateOfMissingBucketIsNotFound) {
  ecs_->On("GET /object/bucket/acct1-data/info", 400, recorded::kError1004);
  BucketUpdateMask mask;
  mask.quota = true;
  EXPECT_THAT(provider_->UpdateBucket(Spec(), mask, ctx_), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(EcsBucketsTest, DeleteMissingIsOk) {
  ecs_->On("POST /object/bucket/acct1-data/deactivate", 400, recorded::kError1004);
  EXPECT_THAT(provider_->DeleteBucket("acct1-data", false, ctx_), IsOk());
  EXPECT_THAT(ecs_->Calls(),
              ElementsAre("POST /object/bucket/acct1-data/deactivate?namespace=ns1"));
}

TEST_F(EcsBucketsTest, DeleteNonEmptyIsFailedPreconditionNamingTheBucket) {
  ecs_->On("POST /object/bucket/acct1-data/deactivate", 400,
           "<error><code>60019</code><description>keypool not empty</description></error>");
  EXPECT_THAT(
      provider_->DeleteBucket("acct1-data", false, ctx_),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(HasSubstr("bucket 'acct1-data' is not empty"), HasSubstr("force_empty"))));
}

TEST_F(EcsBucketsTest, ForceEmptyDeletesEveryVersionAndMarkerFirst) {
  ecs_->On("GET /object/bucket/acct1-data/info", 200, Info());
  OwnerHasKey();
  ecs_->On("S3 GET /acct1-data?versions", 200,
           "<ListVersionsResult><IsTruncated>true</IsTruncated><NextKeyMarker>a</NextKeyMarker>"
           "<NextVersionIdMarker>v1</NextVersionIdMarker><Version><Key>a</Key><VersionId>v1"
           "</VersionId><IsLatest>true</IsLatest><Size>1</Size></Version></ListVersionsResult>");
  ecs_->On("S3 GET /acct1-data?versions", 200,
           "<ListVersionsResult><IsTruncated>false</IsTruncated><DeleteMarker><Key>b</Key>"
           "<VersionId>v2</VersionId><IsLatest>true</IsLatest></DeleteMarker>"
           "</ListVersionsResult>");
  ecs_->On("S3 POST /acct1-data?delete", 200,
           "<DeleteResult><Deleted><Key>a</Key><VersionId>v1</VersionId></Deleted>"
           "</DeleteResult>");
  ecs_->On("POST /object/bucket/acct1-data/deactivate", 200);
  ASSERT_THAT(provider_->DeleteBucket("acct1-data", true, ctx_), IsOk());
  std::vector<std::string> calls = ecs_->Calls();
  ASSERT_GE(calls.size(), 5u);
  EXPECT_THAT(calls[2], HasSubstr("S3 GET /acct1-data?versions"));
  EXPECT_EQ(calls[3], "S3 POST /acct1-data?delete");
  EXPECT_THAT(calls[4], AllOf(HasSubstr("key-marker=a"), HasSubstr("version-id-marker=v1")));
  EXPECT_EQ(calls.back(), "POST /object/bucket/acct1-data/deactivate?namespace=ns1");
  EXPECT_THAT(BodyOf("S3 POST /acct1-data?delete"),
              AllOf(HasSubstr("<Key>a</Key>"), HasSubstr("<VersionId>v1</VersionId>")));
}

// The owner's object user was deleted in the ECS portal (or the bucket belongs to a management
// user): its key lookup is ECS 2000, which must not read as a missing bucket.
class EcsBucketsOwnerGoneTest : public EcsBucketsTest {
 protected:
  EcsBucketsOwnerGoneTest() {
    ecs_->On("GET /object/bucket/acct1-data/info", 200, Info("cs-gone", 10));
    ecs_->On("GET /object/user-secret-keys/cs-gone/ns1", 404, recorded::kError2000);
  }
};

constexpr char kOwnerGone[] =
    "owner 'cs-gone' of bucket 'acct1-data' has no object user in namespace 'ns1'";

TEST_F(EcsBucketsOwnerGoneTest, ForceDeleteOfANonEmptyBucketIsFailedPreconditionNamingTheOwner) {
  ecs_->On("POST /object/bucket/acct1-data/deactivate", 400,
           "<error><code>60019</code><description>keypool not empty</description></error>");
  EXPECT_THAT(provider_->DeleteBucket("acct1-data", true, ctx_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr(kOwnerGone)));
  EXPECT_EQ(ecs_->Calls().back(), "POST /object/bucket/acct1-data/deactivate?namespace=ns1");
}

TEST_F(EcsBucketsOwnerGoneTest, ForceDeleteOfAnEmptyBucketDeletesIt) {
  ecs_->On("POST /object/bucket/acct1-data/deactivate", 200);
  EXPECT_THAT(provider_->DeleteBucket("acct1-data", true, ctx_), IsOk());
  EXPECT_EQ(ecs_->Calls().back(), "POST /object/bucket/acct1-data/deactivate?namespace=ns1");
}

TEST_F(EcsBucketsOwnerGoneTest, GetReportsTheManagementSettingsAndLeavesS3OnesUnknown) {
  ecs_->On("GET /object/billing/buckets/ns1/acct1-data/info", 200, recorded::kBilling);
  absl::StatusOr<Bucket> b = provider_->GetBucket("acct1-data", ctx_);
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(b->spec.owner, "gone");
  EXPECT_EQ(b->spec.quota.max_bytes, 10 * kGiB);
  EXPECT_EQ(b->usage.objects, 42);
  EXPECT_EQ(b->spec.versioning, Versioning::kUnspecified);
  EXPECT_EQ(b->spec.policy.kind, PolicyKind::kUnspecified);
  EXPECT_THAT(b->spec.cors_rules, IsEmpty());
}

TEST_F(EcsBucketsOwnerGoneTest, UpdateOfS3SettingsIsFailedPreconditionAndOfTheQuotaIsOk) {
  ecs_->On("GET /object/billing/buckets/ns1/acct1-data/info", 200, recorded::kBilling);
  ecs_->On("PUT /object/bucket/acct1-data/quota", 200);
  BucketSpec spec = Spec();
  spec.versioning = Versioning::kEnabled;
  BucketUpdateMask mask;
  mask.versioning = true;
  EXPECT_THAT(provider_->UpdateBucket(spec, mask, ctx_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr(kOwnerGone)));
  spec.quota.max_bytes = 20 * kGiB;
  mask = BucketUpdateMask();
  mask.quota = true;
  EXPECT_THAT(provider_->UpdateBucket(spec, mask, ctx_), IsOk());
}

TEST_F(EcsBucketsTest, ForceDeleteOfAMissingBucketIsOk) {
  ecs_->On("GET /object/bucket/acct1-data/info", 400, recorded::kError1004);
  ecs_->On("POST /object/bucket/acct1-data/deactivate", 400, recorded::kError1004);
  EXPECT_THAT(provider_->DeleteBucket("acct1-data", true, ctx_), IsOk());
  EXPECT_THAT(ecs_->Calls(),
              ElementsAre("GET /object/bucket/acct1-data/info?namespace=ns1",
                          "POST /object/bucket/acct1-data/deactivate?namespace=ns1"));
}

TEST_F(EcsBucketsTest, UsageOfNamedBucketsComesFromBilling) {
  ecs_->On("GET /object/billing/buckets/ns1/acct1-data/info", 200, recorded::kBilling);
  ecs_->On("GET /object/billing/buckets/ns1/gone/info", 400, recorded::kError1004);
  absl::StatusOr<std::vector<BucketUsage>> usage = provider_->GetUsage({"acct1-data"}, "", ctx_);
  ASSERT_THAT(usage, IsOk());
  ASSERT_EQ(usage->size(), 1u);
  EXPECT_EQ((*usage)[0].bytes, 123 * 1024);
  EXPECT_THAT(provider_->GetUsage({"acct1-data", "gone"}, "", ctx_),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("bucket 'gone' not found")));
}

TEST_F(EcsBucketsTest, UsageOfAnOwnerListsItsBuckets) {
  ecs_->On("GET /object/bucket", 200, recorded::kBuckets);
  ecs_->On("GET /object/bucket", 200, "<object_buckets/>");
  ecs_->On("GET /object/billing/buckets/ns1/acct2-logs/info", 200, recorded::kBilling);
  absl::StatusOr<std::vector<BucketUsage>> usage = provider_->GetUsage({}, "acct2", ctx_);
  ASSERT_THAT(usage, IsOk());
  ASSERT_EQ(usage->size(), 1u);
  EXPECT_EQ((*usage)[0].bucket, "acct2-logs");
}

}  // namespace
}  // namespace osp::providers::ecs
