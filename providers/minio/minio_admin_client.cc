#include "providers/minio/minio_admin_client.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "providers/base/status_macros.h"
#include "providers/minio/minio_error.h"
#include "providers/s3/uri_encode.h"

namespace osp::providers::minio {
namespace {

constexpr char kAdminPrefix[] = "/minio/admin/v3/";
// How long decrypting a new service account's secret may wait and work once MinIO has made it.
constexpr absl::Duration kDecryptAfterCreateTimeout = absl::Seconds(60);

}  // namespace

MinioAdminClient::MinioAdminClient(std::string endpoint, s3::SigV4Credentials admin,
                                   std::string region, http::HttpTransport* transport,
                                   base::Clock* clock, MadminCrypto* crypto)
    : endpoint_(std::move(endpoint)),
      signer_(admin, std::move(region), "s3"),
      admin_secret_(admin.secret_access_key),
      transport_(transport),
      clock_(clock),
      crypto_(crypto) {}

absl::StatusOr<http::HttpResponse> MinioAdminClient::SendRaw(const Call& call,
                                                             const CallContext& ctx) {
  auto query = call.query;
  std::sort(query.begin(), query.end());
  std::string url = absl::StrCat(endpoint_, kAdminPrefix, call.operation);
  for (size_t i = 0; i < query.size(); ++i) {
    absl::StrAppend(&url, i == 0 ? "?" : "&", s3::UriEncode(query[i].first), "=",
                    s3::UriEncode(query[i].second));
  }
  http::HttpRequest request;
  request.method = call.method;
  request.url = url;
  request.operation = absl::StrCat("minio.", call.operation);
  request.idempotent = call.safe_to_resend;
  if (call.encrypt_body) {
    // PBKDF2 (madmin id 2), not Argon2id: MinIO decrypts every id (madmin-go encrypt.go,
    // DecryptDataStream), so both sides skip a 64 MiB derivation per request. Argon2id would
    // not protect the admin secret better: the SigV4 signature on the same request already
    // lets an eavesdropper test guesses with a few HMACs each.
    ASSIGN_OR_RETURN(request.body,
                     crypto_->Encrypt(call.body, admin_secret_, MadminAead::kPbkdf2AesGcm, ctx));
  } else {
    request.body = call.body;
  }
  if (!call.content_type.empty()) request.headers.emplace_back("Content-Type", call.content_type);
  request.headers.emplace_back("X-Amz-Content-Sha256", s3::SigV4Signer::Sha256Hex(request.body));

  s3::SigV4Request to_sign;
  to_sign.method = request.method;
  to_sign.url = request.url;
  to_sign.headers = request.headers;
  to_sign.payload_hash = s3::SigV4Signer::Sha256Hex(request.body);
  ASSIGN_OR_RETURN(s3::SigV4Signature signature, signer_.Sign(to_sign, clock_->Now()));
  for (auto& header : signature.headers) request.headers.push_back(std::move(header));

  return transport_->Send(request, ctx);
}

absl::StatusOr<http::HttpResponse> MinioAdminClient::Send(const Call& call,
                                                          const CallContext& ctx) {
  ASSIGN_OR_RETURN(http::HttpResponse response, SendRaw(call, ctx));
  if (response.status / 100 != 2) {
    return MinioErrorToStatus(response.status, response.body, call.operation);
  }
  return response;
}

absl::StatusOr<std::string> MinioAdminClient::Decrypt(const std::string& operation,
                                                      const std::string& body,
                                                      const CallContext& ctx) {
  absl::StatusOr<std::string> plain = crypto_->Decrypt(body, admin_secret_, ctx);
  if (plain.ok()) return plain;
  const absl::Status& status = plain.status();
  const std::string message = absl::StrCat("MinIO ", operation, " response: ", status.message());
  if (absl::IsResourceExhausted(status) || absl::IsDeadlineExceeded(status) ||
      absl::IsCancelled(status)) {
    return absl::Status(status.code(), message);
  }
  // The body is MinIO's answer, not the caller's input: one that does not decrypt is a backend
  // answer ospd cannot understand (docs/errors.md: INTERNAL), whatever the decoder said.
  return absl::InternalError(message);
}

absl::Status MinioAdminClient::AddUser(const std::string& access_key,
                                       const base::Secret& secret_key, const CallContext& ctx) {
  const nlohmann::json body = {{"secretKey", secret_key.Reveal()}, {"status", "enabled"}};
  return Send({"PUT", "add-user", {{"accessKey", access_key}}, body.dump(), true, ""}, ctx)
      .status();
}

absl::StatusOr<MinioUserInfo> MinioAdminClient::GetUserInfo(const std::string& access_key,
                                                            const CallContext& ctx) {
  ASSIGN_OR_RETURN(http::HttpResponse response,
                   Send({"GET", "user-info", {{"accessKey", access_key}}, "", false, ""}, ctx));
  return admin_json::ParseUserInfo(response.body);
}

absl::Status MinioAdminClient::RemoveUser(const std::string& access_key, const CallContext& ctx) {
  absl::Status status =
      Send({"DELETE", "remove-user", {{"accessKey", access_key}}, "", false, ""}, ctx).status();
  return absl::IsNotFound(status) ? absl::OkStatus() : status;
}

absl::Status MinioAdminClient::AddCannedPolicy(const std::string& name,
                                               const std::string& policy_json,
                                               const CallContext& ctx) {
  return Send(
             {"PUT", "add-canned-policy", {{"name", name}}, policy_json, false, "application/json"},
             ctx)
      .status();
}

absl::StatusOr<std::string> MinioAdminClient::GetCannedPolicy(const std::string& name,
                                                              const CallContext& ctx) {
  ASSIGN_OR_RETURN(
      http::HttpResponse response,
      Send({"GET", "info-canned-policy", {{"name", name}, {"v", "2"}}, "", false, ""}, ctx));
  return admin_json::ParseCannedPolicy(response.body);
}

absl::StatusOr<std::map<std::string, std::string>> MinioAdminClient::ListCannedPolicies(
    const std::string& bucket, const CallContext& ctx) {
  Call call{"GET", "list-canned-policies", {}, "", false, ""};
  if (!bucket.empty()) call.query.emplace_back("bucket", bucket);
  ASSIGN_OR_RETURN(http::HttpResponse response, Send(call, ctx));
  return admin_json::ParseCannedPolicies(response.body);
}

absl::Status MinioAdminClient::RemoveCannedPolicy(const std::string& name, const CallContext& ctx) {
  absl::Status status =
      Send({"DELETE", "remove-canned-policy", {{"name", name}}, "", false, ""}, ctx).status();
  return absl::IsNotFound(status) ? absl::OkStatus() : status;
}

absl::Status MinioAdminClient::AttachPolicy(const std::string& user, const std::string& policy,
                                            const CallContext& ctx) {
  const nlohmann::json body = {{"policies", {policy}}, {"user", user}};
  Call call{"POST", "idp/builtin/policy/attach", {}, body.dump(), true, "application/octet-stream"};
  ASSIGN_OR_RETURN(http::HttpResponse response, SendRaw(call, ctx));
  if (response.status / 100 == 2 ||
      MinioErrorCode(response.body) == "XMinioAdminPolicyChangeAlreadyApplied") {
    return absl::OkStatus();
  }
  return MinioErrorToStatus(response.status, response.body, "idp/builtin/policy/attach");
}

absl::Status MinioAdminClient::SetBucketQuota(const std::string& bucket, int64_t bytes,
                                              const CallContext& ctx) {
  nlohmann::json body = nlohmann::json::object();
  if (bytes > 0) body = {{"quota", bytes}, {"size", bytes}, {"quotatype", "hard"}};
  return Send({"PUT",
               "set-bucket-quota",
               {{"bucket", bucket}},
               body.dump(),
               false,
               "application/json"},
              ctx)
      .status();
}

absl::StatusOr<int64_t> MinioAdminClient::GetBucketQuota(const std::string& bucket,
                                                         const CallContext& ctx) {
  ASSIGN_OR_RETURN(http::HttpResponse response,
                   SendRaw({"GET", "get-bucket-quota", {{"bucket", bucket}}, "", false, ""}, ctx));
  if (response.status / 100 != 2) {
    if (MinioErrorCode(response.body) == "XMinioAdminNoSuchQuotaConfiguration") return 0;
    return MinioErrorToStatus(response.status, response.body, "get-bucket-quota");
  }
  return admin_json::ParseBucketQuota(response.body);
}

absl::StatusOr<std::map<std::string, MinioBucketUsage>> MinioAdminClient::GetDataUsage(
    const CallContext& ctx) {
  ASSIGN_OR_RETURN(http::HttpResponse response,
                   Send({"GET", "datausageinfo", {}, "", false, ""}, ctx));
  return admin_json::ParseDataUsage(response.body);
}

absl::StatusOr<MinioServiceAccount> MinioAdminClient::AddServiceAccount(const std::string& parent,
                                                                        const CallContext& ctx) {
  const nlohmann::json body = {{"targetUser", parent}};
  Call call{"PUT", "add-service-account", {}, body.dump(), true, ""};
  call.safe_to_resend = false;  // Every copy MinIO receives makes another account.
  ASSIGN_OR_RETURN(http::HttpResponse response, Send(call, ctx));
  // The account exists now: its secret must be read even if the caller has just given up, or
  // the retry makes a second account and this one is left unusable. The wait for a key
  // derivation slot and the derivation are bounded on their own instead.
  const CallContext decrypt_ctx(clock_->Now() + kDecryptAfterCreateTimeout, nullptr);
  ASSIGN_OR_RETURN(std::string plain, Decrypt("add-service-account", response.body, decrypt_ctx));
  return admin_json::ParseServiceAccount(plain);
}

absl::StatusOr<std::vector<std::string>> MinioAdminClient::ListServiceAccounts(
    const std::string& parent, const CallContext& ctx) {
  ASSIGN_OR_RETURN(http::HttpResponse response,
                   Send({"GET", "list-service-accounts", {{"user", parent}}, "", false, ""}, ctx));
  ASSIGN_OR_RETURN(std::string plain, Decrypt("list-service-accounts", response.body, ctx));
  return admin_json::ParseServiceAccounts(plain);
}

absl::Status MinioAdminClient::DeleteServiceAccount(const std::string& access_key,
                                                    const CallContext& ctx) {
  absl::Status status =
      Send({"DELETE", "delete-service-account", {{"accessKey", access_key}}, "", false, ""}, ctx)
          .status();
  return absl::IsNotFound(status) ? absl::OkStatus() : status;
}

}  // namespace osp::providers::minio
