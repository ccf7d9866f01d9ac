// EcsProvider: capabilities, endpoints, CheckBackend, the object calls (s3::ObjectPlane) and the
// "ecs" factory.
#include "providers/ecs/ecs_provider.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/ecs/ecs_provider_factory.h"
#include "providers/http/http_transport_factory.h"
#include "tests/testutil/status_matchers.h"
#include "tests/unit/providers/ecs/ecs_provider_test_base.h"

namespace osp::providers::ecs {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

class EcsProviderTest : public EcsProviderTestBase {
 protected:
  void BucketOwnedByAcct1() {
    ecs_->On("GET /object/bucket/acct1-data/info", 200,
             "<bucket_info><name>acct1-data</name><owner>cs-acct1</owner></bucket_info>");
    OwnerHasKey();
  }
};

TEST_F(EcsProviderTest, CapabilitiesSayWhatEcsCanDo) {
  Capabilities c = provider_->GetCapabilities();
  EXPECT_TRUE(c.encryption_at_create);
  EXPECT_FALSE(c.encryption_update);
  EXPECT_TRUE(c.versioning);
  EXPECT_FALSE(c.object_lock);
  EXPECT_TRUE(c.quota_bytes);
  EXPECT_FALSE(c.quota_objects);
  EXPECT_TRUE(c.canned_policies);
  EXPECT_TRUE(c.raw_policy);
  EXPECT_TRUE(c.usage);
  EXPECT_TRUE(c.key_rotation);
  EXPECT_EQ(c.max_access_keys, 2);
  EXPECT_TRUE(c.presign);
  EXPECT_TRUE(c.cors);
  EXPECT_THAT(transport_->requests(), IsEmpty());
}

TEST_F(EcsProviderTest, EndpointsCarryNoSecrets) {
  std::vector<BackendEndpoint> e = provider_->Endpoints();
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].name, "management");
  EXPECT_EQ(e[0].url, kMgmtUrl);
  EXPECT_EQ(e[1].url, kS3PublicUrl);
  EXPECT_EQ(e[2].url, kS3Url);
}

TEST_F(EcsProviderTest, CheckBackendReportsEveryCheck) {
  ecs_->On("GET /object/namespaces/namespace/ns1", 200, recorded::kNamespace);
  ecs_->On("S3 GET /", 403, "<Error><Code>AccessDenied</Code></Error>");
  absl::StatusOr<std::vector<BackendCheck>> checks = provider_->CheckBackend(ctx_);
  ASSERT_THAT(checks, IsOk());
  ASSERT_EQ(checks->size(), 4u);
  for (const BackendCheck& c : *checks) EXPECT_TRUE(c.ok) << c.name << ": " << c.message;
  EXPECT_EQ((*checks)[0].name, "login");
  EXPECT_EQ((*checks)[1].message, "namespace 'ns1' found");
  EXPECT_THAT((*checks)[2].message, HasSubstr("default replication group"));
  EXPECT_THAT((*checks)[3].message, HasSubstr("answered HTTP 403"));
}

TEST_F(EcsProviderTest, CheckBackendNamesAMissingNamespace) {
  ecs_->On("GET /object/namespaces/namespace/ns1", 400, recorded::kError1004);
  ecs_->On("S3 GET /", 403);
  absl::StatusOr<std::vector<BackendCheck>> checks = provider_->CheckBackend(ctx_);
  ASSERT_THAT(checks, IsOk());
  EXPECT_FALSE((*checks)[1].ok);
  EXPECT_EQ((*checks)[1].message, "namespace 'ns1' not found");
}

TEST_F(EcsProviderTest, CheckBackendAfterRefusedLoginSkipsTheManagementChecks) {
  transport_->SetHandler([](const http::HttpRequest& r) -> absl::StatusOr<http::HttpResponse> {
    http::HttpResponse response;
    response.status = absl::StrContains(r.url, "/login") ? 401 : 403;
    return response;
  });
  absl::StatusOr<std::vector<BackendCheck>> checks = provider_->CheckBackend(ctx_);
  ASSERT_THAT(checks, IsOk());
  EXPECT_FALSE((*checks)[0].ok);
  EXPECT_THAT((*checks)[0].message, HasSubstr("'admin'"));
  EXPECT_EQ((*checks)[1].message, "not checked: login failed");
  EXPECT_TRUE((*checks)[3].ok);
}

TEST_F(EcsProviderTest, CheckBackendExplainsAnUntrustedCertificate) {
  transport_->SetHandler([](const http::HttpRequest&) -> absl::StatusOr<http::HttpResponse> {
    return absl::UnavailableError(
        "GET ecs.example.net/login: SSL certificate problem: "
        "self-signed certificate");
  });
  absl::StatusOr<std::vector<BackendCheck>> checks = provider_->CheckBackend(ctx_);
  ASSERT_THAT(checks, IsOk());
  EXPECT_THAT((*checks)[0].message,
              HasSubstr("TLS certificate not trusted: use ca_file or insecure_skip_verify"));
}

TEST_F(EcsProviderTest, CheckBackendReturnsTheDeadline) {
  transport_->SetHandler([](const http::HttpRequest&) -> absl::StatusOr<http::HttpResponse> {
    return absl::DeadlineExceededError("deadline");
  });
  EXPECT_THAT(provider_->CheckBackend(ctx_), StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST_F(EcsProviderTest, PresignSignsWithTheOwnerKeyOnThePublicEndpoint) {
  BucketOwnedByAcct1();
  PresignRequest request;
  request.bucket = "acct1-data";
  request.key = "a/b.txt";
  request.ttl = absl::Minutes(10);
  absl::StatusOr<PresignResult> r = provider_->PresignObject(request, ctx_);
  ASSERT_THAT(r, IsOk());
  EXPECT_THAT(r->url.Reveal(), StartsWith("https://s3.example.com/acct1-data/a/b.txt?"));
  EXPECT_THAT(r->url.Reveal(), HasSubstr("X-Amz-Credential=cs-acct1%2F"));
  EXPECT_EQ(r->expires_at, clock_.Now() + absl::Minutes(10));
}

TEST_F(EcsProviderTest, PresignBeyondTheMaximumTtlIsRefusedBeforeAnyRequest) {
  PresignRequest request;
  request.bucket = "acct1-data";
  request.key = "k";
  request.ttl = absl::Hours(24 * 8);
  EXPECT_THAT(provider_->PresignObject(request, ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ttl")));
  EXPECT_THAT(transport_->requests(), IsEmpty());
}

TEST_F(EcsProviderTest, OwnersAndKeysAreRememberedBriefly) {
  BucketOwnedByAcct1();
  PresignRequest request;
  request.bucket = "acct1-data";
  request.key = "k";
  for (int i = 0; i < 3; ++i) ASSERT_THAT(provider_->PresignObject(request, ctx_), IsOk());
  EXPECT_EQ(ecs_->Calls().size(), 2u);
  clock_.Advance(absl::Seconds(61));
  ASSERT_THAT(provider_->PresignObject(request, ctx_), IsOk());
  EXPECT_EQ(ecs_->Calls().size(), 4u);
}

TEST_F(EcsProviderTest, PutObjectWithAWrongHashStoresNothing) {
  BucketOwnedByAcct1();
  PutObjectHeader header;
  header.bucket = "acct1-data";
  header.key = "k";
  header.sha256_hex = std::string(64, '0');
  bool sent = false;
  ChunkReader reader = [&](std::string* chunk) -> absl::StatusOr<bool> {
    if (sent) return false;
    *chunk = "hello";
    sent = true;
    return true;
  };
  EXPECT_THAT(provider_->PutObject(header, reader, ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sha256_hex")));
  for (const std::string& call : ecs_->Calls()) EXPECT_THAT(call, Not(StartsWith("S3 PUT")));
}

TEST_F(EcsProviderTest, PutObjectChecksTheDeclaredSize) {
  BucketOwnedByAcct1();
  ecs_->On("S3 PUT /acct1-data/k", 200, "", {{"ETag", "\"5d41402abc4b2a76b9719d911017c592\""}});
  PutObjectHeader header;
  header.bucket = "acct1-data";
  header.key = "k";
  // SHA-256("hello")
  header.sha256_hex = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
  int calls = 0;
  ChunkReader reader = [&](std::string* chunk) -> absl::StatusOr<bool> {
    if (calls++ > 0) return false;
    *chunk = "hello";
    return true;
  };
  absl::StatusOr<PutObjectResult> r = provider_->PutObject(header, reader, ctx_);
  ASSERT_THAT(r, IsOk());
  EXPECT_EQ(r->size, 5);
  EXPECT_EQ(BodyOf("S3 PUT /acct1-data/k"), "hello");
  calls = 0;
  header.size = 6;
  EXPECT_THAT(provider_->PutObject(header, reader, ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("declared 6 bytes")));
}

TEST_F(EcsProviderTest, GetObjectGivesMetadataBeforeData) {
  BucketOwnedByAcct1();
  ecs_->On("S3 HEAD /acct1-data/k", 200, "",
           {{"Content-Length", "5"}, {"ETag", "\"e\""}, {"Content-Type", "text/plain"}});
  ecs_->On("S3 GET /acct1-data/k", 200, "hello", {{"Content-Length", "5"}});
  std::vector<std::string> events;
  GetObjectRequest request;
  request.bucket = "acct1-data";
  request.key = "k";
  ASSERT_THAT(provider_->GetObject(
                  request,
                  [&](const ObjectInfo& info) {
                    events.push_back(absl::StrCat("info ", info.size, " ", info.content_type));
                    return absl::OkStatus();
                  },
                  [&](absl::string_view chunk) {
                    events.push_back(absl::StrCat("data ", chunk));
                    return absl::OkStatus();
                  },
                  ctx_),
              IsOk());
  EXPECT_THAT(events, ElementsAre("info 5 text/plain", "data hello"));
}

TEST_F(EcsProviderTest, GetObjectOfAVersionedBucketReadsTheLatestVersion) {
  BucketOwnedByAcct1();
  ecs_->On("S3 HEAD /acct1-data/k", 200, "", {{"Content-Length", "5"}, {"x-amz-version-id", "v7"}});
  ecs_->On("S3 GET /acct1-data/k", 200, "hello", {{"Content-Length", "5"}});
  ObjectInfo seen;
  GetObjectRequest request;
  request.bucket = "acct1-data";
  request.key = "k";
  ASSERT_THAT(provider_->GetObject(
                  request,
                  [&](const ObjectInfo& info) {
                    seen = info;
                    return absl::OkStatus();
                  },
                  [](absl::string_view) { return absl::OkStatus(); }, ctx_),
              IsOk());
  EXPECT_EQ(seen.version_id, "v7");
  EXPECT_TRUE(seen.is_latest);
  EXPECT_THAT(ecs_->Calls().back(), HasSubstr("versionId=v7"));
}

TEST_F(EcsProviderTest, ListObjectVersionsRoundTripsThePageToken) {
  BucketOwnedByAcct1();
  ecs_->On("S3 GET /acct1-data?versions", 200,
           "<ListVersionsResult><IsTruncated>true</IsTruncated><NextKeyMarker>a b</NextKeyMarker>"
           "<NextVersionIdMarker>v1</NextVersionIdMarker><Version><Key>a%20b</Key><VersionId>v1"
           "</VersionId><IsLatest>true</IsLatest><Size>1</Size></Version></ListVersionsResult>");
  ListObjectsOptions options;
  options.versions = true;
  absl::StatusOr<ObjectPage> page = provider_->ListObjects("acct1-data", options, ctx_);
  ASSERT_THAT(page, IsOk());
  ASSERT_FALSE(page->next_page_token.empty());
  options.page_token = page->next_page_token;
  ASSERT_THAT(provider_->ListObjects("acct1-data", options, ctx_), IsOk());
  EXPECT_THAT(ecs_->Calls().back(),
              AllOf(HasSubstr("key-marker=a%20b"), HasSubstr("version-id-marker=v1")));
  options.page_token = "not a token";
  EXPECT_THAT(provider_->ListObjects("acct1-data", options, ctx_),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
}

TEST_F(EcsProviderTest, ObjectCallsOnABucketWhoseOwnerHasNoObjectUserAreFailedPrecondition) {
  ecs_->On("GET /object/bucket/acct1-data/info", 200,
           "<bucket_info><name>acct1-data</name><owner>cs-gone</owner></bucket_info>");
  ecs_->On("GET /object/user-secret-keys/cs-gone/ns1", 404, recorded::kError2000);
  const auto owner_gone = StatusIs(
      absl::StatusCode::kFailedPrecondition,
      HasSubstr("owner 'cs-gone' of bucket 'acct1-data' has no object user in namespace 'ns1'"));
  EXPECT_THAT(provider_->ListObjects("acct1-data", ListObjectsOptions(), ctx_), owner_gone);
  PresignRequest presign;
  presign.bucket = "acct1-data";
  presign.key = "k";
  presign.ttl = absl::Minutes(5);
  EXPECT_THAT(provider_->PresignObject(presign, ctx_), owner_gone);
}

TEST_F(EcsProviderTest, AnOwnerWithoutObjectUserIsNotRemembered) {
  ecs_->On("GET /object/bucket/acct1-data/info", 200,
           "<bucket_info><name>acct1-data</name><owner>cs-gone</owner></bucket_info>");
  // Then the bucket is given to acct1 in the ECS portal.
  ecs_->On("GET /object/bucket/acct1-data/info", 200,
           "<bucket_info><name>acct1-data</name><owner>cs-acct1</owner></bucket_info>");
  ecs_->On("GET /object/user-secret-keys/cs-gone/ns1", 404, recorded::kError2000);
  OwnerHasKey();
  ecs_->On("S3 GET /acct1-data?list-type=2", 200,
           "<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>");
  EXPECT_THAT(provider_->ListObjects("acct1-data", ListObjectsOptions(), ctx_),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("cs-gone")));
  EXPECT_THAT(provider_->ListObjects("acct1-data", ListObjectsOptions(), ctx_), IsOk());
}

TEST_F(EcsProviderTest, RefusedKeyIsReadAgainAndRetried) {
  BucketOwnedByAcct1();
  ecs_->On("S3 GET /acct1-data?list-type=2", 403,
           "<Error><Code>InvalidAccessKeyId</Code><Message>unknown</Message></Error>");
  ecs_->On("S3 GET /acct1-data?list-type=2", 200,
           "<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>");
  ASSERT_THAT(provider_->ListObjects("acct1-data", ListObjectsOptions(), ctx_), IsOk());
  std::vector<std::string> calls = ecs_->Calls();
  EXPECT_EQ(std::count(calls.begin(), calls.end(), "GET /object/user-secret-keys/cs-acct1/ns1"), 2);
}

TEST_F(EcsProviderTest, KeyStillRefusedAfterTwoMinutesIsUnauthenticated) {
  BucketOwnedByAcct1();
  ecs_->On("S3 GET /acct1-data?list-type=2", 403,
           "<Error><Code>SignatureDoesNotMatch</Code><Message>no</Message></Error>");
  EXPECT_THAT(provider_->ListObjects("acct1-data", ListObjectsOptions(), ctx_),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_LE(clock_.TotalSlept(), EcsS3Access::kKeyPropagation);
  EXPECT_GT(clock_.TotalSlept(), absl::Minutes(1));
}

TEST_F(EcsProviderTest, KeyRefusedUntilTheCallersDeadlineIsUnavailable) {
  BucketOwnedByAcct1();
  ecs_->On("S3 GET /acct1-data?list-type=2", 403,
           "<Error><Code>InvalidAccessKeyId</Code><Message>unknown</Message></Error>");
  const CallContext ctx(clock_.Now() + absl::Seconds(10), nullptr);
  EXPECT_THAT(
      provider_->ListObjects("acct1-data", ListObjectsOptions(), ctx),
      StatusIs(absl::StatusCode::kUnavailable,
               HasSubstr("the new key of 'cs-acct1' is not yet active on all ECS nodes; retry")));
  EXPECT_GT(clock_.TotalSlept(), absl::ZeroDuration());
  EXPECT_LE(clock_.TotalSlept(), absl::Seconds(10));
}

TEST_F(EcsProviderTest, CancellingStopsTheWaitForANewKey) {
  BucketOwnedByAcct1();
  ecs_->On("S3 GET /acct1-data?list-type=2", 403,
           "<Error><Code>SignatureDoesNotMatch</Code><Message>no</Message></Error>");
  // Cancelled halfway through the second backoff (1 s, then 2 s).
  const absl::Time cancel_at = clock_.Now() + absl::Milliseconds(1500);
  const CallContext ctx(absl::InfiniteFuture(), [&] { return clock_.Now() >= cancel_at; });
  EXPECT_THAT(provider_->ListObjects("acct1-data", ListObjectsOptions(), ctx),
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("'cs-acct1'")));
  EXPECT_LT(clock_.TotalSlept(), absl::Seconds(3));
  std::vector<std::string> calls = ecs_->Calls();
  EXPECT_EQ(std::count_if(calls.begin(), calls.end(),
                          [](const std::string& c) { return absl::StartsWith(c, "S3 GET"); }),
            3);
}

// A transport factory that hands out one prepared transport and records the options.
class OneTransportFactory final : public http::HttpTransportFactory {
 public:
  absl::StatusOr<std::unique_ptr<http::HttpTransport>> Create(
      const http::HttpTransportOptions& options) override {
    options_ = options;
    return std::unique_ptr<http::HttpTransport>(std::make_unique<testutil::FakeHttpTransport>());
  }
  http::HttpTransportOptions options_;
};

TEST(EcsProviderFactoryTest, RegistersTypeEcsAndBuildsFromSettings) {
  Registry registry;
  ASSERT_THAT(RegisterEcsProvider(&registry), IsOk());
  EXPECT_THAT(registry.Types(), ElementsAre("ecs"));
  EXPECT_THAT(RegisterEcsProvider(&registry), StatusIs(absl::StatusCode::kAlreadyExists));

  BackendSettings settings;
  settings.id = "ecs1";
  settings.type = "ecs";
  settings.values = {{"management_url", "https://ecs:4443"},
                     {"username", "admin"},
                     {"namespace", "ns1"},
                     {"s3_private_url", "http://ecs:9020"},
                     {"ca_file", "/etc/ca.pem"},
                     {"request_timeout_seconds", "7"}};
  settings.secrets.emplace("password", base::Secret("pw"));
  testutil::FakeClock clock;
  base::NullLogger logger;
  OneTransportFactory transports;
  ProviderDeps deps{&clock, &transports, &logger};
  absl::StatusOr<std::unique_ptr<Provider>> provider = registry.Create(settings, deps);
  ASSERT_THAT(provider, IsOk());
  EXPECT_EQ(transports.options_.backend_id, "ecs1");
  EXPECT_EQ(transports.options_.ca_file, "/etc/ca.pem");
  EXPECT_EQ(transports.options_.default_timeout, absl::Seconds(7));
  EXPECT_THAT((*provider)->Endpoints(),
              ElementsAre(Field(&BackendEndpoint::url, "https://ecs:4443"),
                          Field(&BackendEndpoint::url, "http://ecs:9020"),
                          Field(&BackendEndpoint::url, "http://ecs:9020")));

  settings.values.erase("namespace");
  EXPECT_THAT(registry.Create(settings, deps),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("namespace: required")));
}

}  // namespace
}  // namespace osp::providers::ecs
