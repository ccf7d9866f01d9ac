#include "providers/minio/minio_admin_client.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/fake_http_transport.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::minio {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kEndpoint[] = "http://minio.test:9000";
const base::Secret kAdminSecret("admin-secret-EXAMPLE");

std::string HeaderOf(const http::HttpRequest& request, absl::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

class MinioAdminClientTest : public ::testing::Test {
 protected:
  MinioAdminClientTest()
      : crypto_(&random_, &clock_),
        client_(kEndpoint, s3::SigV4Credentials{"admin", kAdminSecret, {}}, "us-east-1",
                &transport_, &clock_, &crypto_) {}

  http::HttpRequest OnlyRequest() {
    auto requests = transport_.requests();
    EXPECT_EQ(requests.size(), 1u);
    return requests.empty() ? http::HttpRequest{} : requests[0];
  }

  std::string Encrypted(const nlohmann::json& json) {
    return *crypto_.Encrypt(json.dump(), kAdminSecret, MadminAead::kPbkdf2AesGcm, CallContext());
  }

  base::SystemRandomSource random_;
  MadminCrypto crypto_;
  testutil::FakeHttpTransport transport_;
  testutil::FakeClock clock_;
  MinioAdminClient client_;
};

TEST_F(MinioAdminClientTest, AddUserSendsAnEncryptedSignedBody) {
  transport_.Enqueue(200, "");
  ASSERT_THAT(client_.AddUser("acs-a1", base::Secret("user-secret-1"), CallContext()), IsOk());
  const http::HttpRequest r = OnlyRequest();
  EXPECT_EQ(r.method, "PUT");
  EXPECT_EQ(r.url, "http://minio.test:9000/minio/admin/v3/add-user?accessKey=acs-a1");
  EXPECT_THAT(r.body, Not(HasSubstr("user-secret-1")));
  EXPECT_THAT(crypto_.Decrypt(r.body, kAdminSecret, CallContext()),
              IsOkAndHolds(Eq(R"({"secretKey":"user-secret-1","status":"enabled"})")));
  ASSERT_GT(r.body.size(), 32u);
  EXPECT_EQ(r.body[32], static_cast<char>(MadminAead::kPbkdf2AesGcm)) << "no Argon2id per request";
  EXPECT_EQ(HeaderOf(r, "X-Amz-Content-Sha256"), s3::SigV4Signer::Sha256Hex(r.body));
  EXPECT_THAT(HeaderOf(r, "Authorization"),
              HasSubstr("AWS4-HMAC-SHA256 Credential=admin/20231114/us-east-1/s3/aws4_request"));
  EXPECT_TRUE(r.idempotent);
}

TEST_F(MinioAdminClientTest, UserInfoAndMissingUser) {
  transport_.Enqueue(200, R"({"policyName":"acs-a1-policy","status":"enabled"})");
  transport_.Enqueue(
      404, R"({"Code":"XMinioAdminNoSuchUser","Message":"The specified user does not exist."})");
  auto info = client_.GetUserInfo("acs-a1", CallContext());
  ASSERT_THAT(info, IsOk());
  EXPECT_EQ(info->policy_name, "acs-a1-policy");
  EXPECT_THAT(client_.GetUserInfo("acs-zz", CallContext()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("MinIO XMinioAdminNoSuchUser")));
}

TEST_F(MinioAdminClientTest, RemovalsOfMissingThingsSucceed) {
  transport_.Enqueue(404, R"({"Code":"XMinioAdminNoSuchUser"})");
  transport_.Enqueue(404, R"({"Code":"XMinioAdminNoSuchPolicy"})");
  transport_.Enqueue(404, R"({"Code":"XMinioAdminServiceAccountNotFound"})");
  EXPECT_THAT(client_.RemoveUser("acs-a1", CallContext()), IsOk());
  EXPECT_THAT(client_.RemoveCannedPolicy("acs-a1", CallContext()), IsOk());
  EXPECT_THAT(client_.DeleteServiceAccount("svc", CallContext()), IsOk());
  auto requests = transport_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "DELETE");
  EXPECT_EQ(requests[1].url,
            "http://minio.test:9000/minio/admin/v3/remove-canned-policy?name=acs-a1");
}

TEST_F(MinioAdminClientTest, ReadsPoliciesAndFindsThoseOfABucket) {
  transport_.Enqueue(200,
                     R"({"PolicyName":"acs-a1","Policy":{"Version":"2012-10-17","Statement":[]}})");
  transport_.Enqueue(200,
                     R"({"acs-a1":{"Version":"2012-10-17"},"acs-a2":{"Version":"2012-10-17"}})");
  transport_.Enqueue(404, R"({"Code":"XMinioAdminNoSuchPolicy"})");
  EXPECT_THAT(client_.GetCannedPolicy("acs-a1", CallContext()),
              IsOkAndHolds(Eq(R"({"Statement":[],"Version":"2012-10-17"})")));
  auto policies = client_.ListCannedPolicies("b1", CallContext());
  ASSERT_THAT(policies, IsOk());
  EXPECT_EQ(policies->size(), 2u);
  EXPECT_EQ(policies->at("acs-a2"), R"({"Version":"2012-10-17"})");
  EXPECT_THAT(client_.GetCannedPolicy("nope", CallContext()),
              StatusIs(absl::StatusCode::kNotFound));
  auto requests = transport_.requests();
  EXPECT_EQ(requests[0].url,
            "http://minio.test:9000/minio/admin/v3/info-canned-policy?name=acs-a1&v=2");
  EXPECT_EQ(requests[1].url,
            "http://minio.test:9000/minio/admin/v3/list-canned-policies?bucket=b1");
}

TEST_F(MinioAdminClientTest, PolicyInUseIsFailedPrecondition) {
  transport_.Enqueue(400, R"({"Code":"XMinioIAMPolicyInUse","Message":"in use"})");
  EXPECT_THAT(client_.RemoveCannedPolicy("p", CallContext()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_F(MinioAdminClientTest, AttachPolicyIsEncryptedAndAlreadyAppliedIsOk) {
  transport_.Enqueue(200, Encrypted({{"policiesAttached", {"p1"}}}));
  transport_.Enqueue(400, R"({"Code":"XMinioAdminPolicyChangeAlreadyApplied"})");
  transport_.Enqueue(404, R"({"Code":"XMinioAdminNoSuchPolicy"})");
  EXPECT_THAT(client_.AttachPolicy("acs-a1", "p1", CallContext()), IsOk());
  EXPECT_THAT(client_.AttachPolicy("acs-a1", "p1", CallContext()), IsOk());
  EXPECT_THAT(client_.AttachPolicy("acs-a1", "p2", CallContext()),
              StatusIs(absl::StatusCode::kNotFound));
  const http::HttpRequest r = transport_.requests()[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_FALSE(r.idempotent);
  EXPECT_EQ(HeaderOf(r, "Content-Type"), "application/octet-stream");
  ASSERT_GT(r.body.size(), 32u);
  EXPECT_EQ(r.body[32], static_cast<char>(MadminAead::kPbkdf2AesGcm));
  EXPECT_THAT(crypto_.Decrypt(r.body, kAdminSecret, CallContext()),
              IsOkAndHolds(Eq(R"({"policies":["p1"],"user":"acs-a1"})")));
}

TEST_F(MinioAdminClientTest, QuotaSetClearAndGet) {
  transport_.Enqueue(200, "");
  transport_.Enqueue(200, "");
  transport_.Enqueue(200, R"({"quota":1073741824,"size":1073741824,"quotatype":"hard"})");
  transport_.Enqueue(404, R"({"Code":"XMinioAdminNoSuchQuotaConfiguration"})");
  transport_.Enqueue(404, R"({"Code":"NoSuchBucket"})");
  ASSERT_THAT(client_.SetBucketQuota("b1", 1073741824, CallContext()), IsOk());
  ASSERT_THAT(client_.SetBucketQuota("b1", 0, CallContext()), IsOk());
  EXPECT_THAT(client_.GetBucketQuota("b1", CallContext()), IsOkAndHolds(Eq(1073741824)));
  EXPECT_THAT(client_.GetBucketQuota("b1", CallContext()), IsOkAndHolds(Eq(0)));
  EXPECT_THAT(client_.GetBucketQuota("nope", CallContext()), StatusIs(absl::StatusCode::kNotFound));
  auto requests = transport_.requests();
  EXPECT_EQ(requests[0].body, R"({"quota":1073741824,"quotatype":"hard","size":1073741824})");
  EXPECT_EQ(requests[1].body, "{}");
}

TEST_F(MinioAdminClientTest, DataUsagePerBucket) {
  transport_.Enqueue(200, R"({"lastUpdate":"2025-01-01T00:00:00Z","bucketsUsageInfo":{
      "b1":{"size":12000,"objectsCount":8},"b2":{"size":0,"objectsCount":0}}})");
  auto usage = client_.GetDataUsage(CallContext());
  ASSERT_THAT(usage, IsOk());
  ASSERT_EQ(usage->size(), 2u);
  EXPECT_EQ(usage->at("b1").size, 12000);
  EXPECT_EQ(usage->at("b1").objects, 8);
}

TEST_F(MinioAdminClientTest, ServiceAccountsDecryptResponses) {
  transport_.Enqueue(200,
                     Encrypted({{"credentials", {{"accessKey", "SVC1"}, {"secretKey", "s1"}}}}));
  transport_.Enqueue(200,
                     Encrypted({{"accounts", {{{"accessKey", "SVC1"}}, {{"accessKey", "SVC2"}}}}}));
  auto account = client_.AddServiceAccount("acs-a1", CallContext());
  ASSERT_THAT(account, IsOk());
  EXPECT_EQ(account->access_key, "SVC1");
  EXPECT_EQ(account->secret_key.Reveal(), "s1");
  EXPECT_THAT(client_.ListServiceAccounts("acs-a1", CallContext()),
              IsOkAndHolds(ElementsAre("SVC1", "SVC2")));
  EXPECT_THAT(crypto_.Decrypt(transport_.requests()[0].body, kAdminSecret, CallContext()),
              IsOkAndHolds(Eq(R"({"targetUser":"acs-a1"})")));
}

// A service account MinIO made before the connection broke would be left live with a secret
// nobody has if the transport sent the request again: it must not (HttpRequest::idempotent).
TEST_F(MinioAdminClientTest, AServiceAccountIsNeverSentTwice) {
  transport_.Enqueue(503, R"({"Code":"XMinioServerNotInitialized"})");
  EXPECT_THAT(client_.AddServiceAccount("acs-a1", CallContext()),
              StatusIs(absl::StatusCode::kUnavailable));
  transport_.Enqueue(absl::UnavailableError("connection reset by peer"));
  EXPECT_THAT(client_.AddServiceAccount("acs-a1", CallContext()),
              StatusIs(absl::StatusCode::kUnavailable));
  const std::vector<http::HttpRequest> requests = transport_.requests();
  ASSERT_EQ(requests.size(), 2u);
  for (const http::HttpRequest& r : requests) {
    EXPECT_EQ(r.method, "PUT");
    EXPECT_THAT(r.url, HasSubstr("/add-service-account"));
    EXPECT_FALSE(r.idempotent) << "the transport would resend it";
  }
}

// Every other PUT and DELETE has the same effect when sent twice: the transport may resend it.
TEST_F(MinioAdminClientTest, UpsertsAndDeletesMayBeResent) {
  for (int i = 0; i < 5; ++i) transport_.Enqueue(200, "{}");
  ASSERT_THAT(client_.AddUser("acs-a1", base::Secret("user-secret-1"), CallContext()), IsOk());
  ASSERT_THAT(client_.AddCannedPolicy("acs-a1", "{}", CallContext()), IsOk());
  ASSERT_THAT(client_.SetBucketQuota("b1", 0, CallContext()), IsOk());
  ASSERT_THAT(client_.RemoveUser("acs-a1", CallContext()), IsOk());
  ASSERT_THAT(client_.DeleteServiceAccount("SVC1", CallContext()), IsOk());
  ASSERT_EQ(transport_.requests().size(), 5u);
  for (const http::HttpRequest& r : transport_.requests()) EXPECT_TRUE(r.idempotent) << r.url;
}

// What a real transport does with HttpRequest::idempotent: after a reset or a 5xx, an idempotent
// request is sent once more.
class ResendingTransport final : public http::HttpTransport {
 public:
  explicit ResendingTransport(http::HttpTransport* inner) : inner_(inner) {}

  absl::StatusOr<http::HttpResponse> Send(const http::HttpRequest& request,
                                          const CallContext& ctx) override {
    absl::StatusOr<http::HttpResponse> response = inner_->Send(request, ctx);
    const bool failed =
        absl::IsUnavailable(response.status()) || (response.ok() && response->status / 100 == 5);
    return failed && request.idempotent ? inner_->Send(request, ctx) : response;
  }

 private:
  http::HttpTransport* const inner_;
};

// A POST may make something (MinIO's attach does), so a call that says nothing about resending
// is sent once when it is a POST (AttachPolicy relies on that), and again when it is a GET.
TEST_F(MinioAdminClientTest, APostIsNotResentAfterAResetOrA5xxWhileAGetIs) {
  ResendingTransport resending(&transport_);
  MinioAdminClient client(kEndpoint, s3::SigV4Credentials{"admin", kAdminSecret, {}}, "us-east-1",
                          &resending, &clock_, &crypto_);
  transport_.Enqueue(503, R"({"Code":"XMinioServerNotInitialized"})");
  EXPECT_THAT(client.AttachPolicy("acs-a1", "p1", CallContext()),
              StatusIs(absl::StatusCode::kUnavailable));
  transport_.Enqueue(absl::UnavailableError("connection reset by peer"));
  EXPECT_THAT(client.AttachPolicy("acs-a1", "p1", CallContext()),
              StatusIs(absl::StatusCode::kUnavailable));
  transport_.Enqueue(absl::UnavailableError("connection reset by peer"));
  transport_.Enqueue(200, R"({"policyName":"acs-a1","status":"enabled"})");
  EXPECT_THAT(client.GetUserInfo("acs-a1", CallContext()), IsOk());
  std::vector<std::string> sent;
  for (const http::HttpRequest& r : transport_.requests()) sent.push_back(r.method);
  EXPECT_THAT(sent, ElementsAre("POST", "POST", "GET", "GET"));
}

TEST_F(MinioAdminClientTest, ErrorsMapToCanonicalCodes) {
  transport_.Enqueue(403, R"({"Code":"SignatureDoesNotMatch"})");
  transport_.Enqueue(403, R"({"Code":"AccessDenied"})");
  transport_.Enqueue(503, R"({"Code":"XMinioServerNotInitialized"})");
  transport_.Enqueue(400, "<Error><Code>MalformedPolicy</Code><Message>bad</Message></Error>");
  transport_.Enqueue(200, "not json");
  EXPECT_THAT(client_.GetUserInfo("u", CallContext()),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_THAT(client_.GetUserInfo("u", CallContext()),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(client_.GetUserInfo("u", CallContext()), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(client_.AddCannedPolicy("p", "{}", CallContext()),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("MinIO MalformedPolicy")));
  EXPECT_THAT(client_.GetUserInfo("u", CallContext()),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("malformed JSON")));
}

// MinIO encrypts responses with Argon2id: a caller whose deadline has passed, or who is gone,
// does not wait for a derivation, and the code says so rather than INTERNAL.
TEST_F(MinioAdminClientTest, ResponseDecryptionHonoursTheCallersContext) {
  const std::string argon2_body = *crypto_.Encrypt(R"({"accounts":[]})", kAdminSecret,
                                                   MadminAead::kArgon2idAesGcm, CallContext());
  transport_.Enqueue(200, argon2_body);
  transport_.Enqueue(200, argon2_body);
  const CallContext expired(clock_.Now() - absl::Seconds(1), nullptr);
  EXPECT_THAT(client_.ListServiceAccounts("acs-a1", expired),
              StatusIs(absl::StatusCode::kDeadlineExceeded,
                       HasSubstr("MinIO list-service-accounts response: Argon2id key derivation")));
  const CallContext gone(absl::InfiniteFuture(), [] { return true; });
  EXPECT_THAT(client_.ListServiceAccounts("acs-a1", gone),
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("list-service-accounts")));
}

TEST_F(MinioAdminClientTest, ANewServiceAccountsSecretIsReadAfterTheCallerGaveUp) {
  // MinIO made the account before the caller went away: dropping its secret would leave an
  // account nobody can use, and the caller's retry would make another.
  transport_.Enqueue(200,
                     *crypto_.Encrypt(R"({"credentials":{"accessKey":"SVC1","secretKey":"s1"}})",
                                      kAdminSecret, MadminAead::kArgon2idAesGcm, CallContext()));
  const CallContext gone(clock_.Now() - absl::Seconds(1), [] { return true; });
  absl::StatusOr<MinioServiceAccount> account = client_.AddServiceAccount("acs-a1", gone);
  ASSERT_THAT(account, IsOk());
  EXPECT_EQ(account->access_key, "SVC1");
  EXPECT_EQ(account->secret_key.Reveal(), "s1");
}

// An answer that cannot be understood is INTERNAL (docs/errors.md), never INVALID_ARGUMENT,
// which would tell the caller to fix a request that was fine.
TEST_F(MinioAdminClientTest, UnreadableAnswersAreInternal) {
  transport_.Enqueue(200, "short");
  transport_.Enqueue(200, Encrypted({{"credentials", {{"accessKey", ""}}}}));
  transport_.Enqueue(200, R"({"PolicyName":"p"})");
  EXPECT_THAT(client_.AddServiceAccount("acs-a1", CallContext()),
              StatusIs(absl::StatusCode::kInternal,
                       HasSubstr("MinIO add-service-account response: encrypted body")));
  EXPECT_THAT(client_.AddServiceAccount("acs-a1", CallContext()),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("no credentials")));
  EXPECT_THAT(client_.GetCannedPolicy("p", CallContext()),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("no policy document")));
}

}  // namespace
}  // namespace osp::providers::minio
