// MinioAdminClient: the MinIO admin API v3 calls a provisioner needs (users, canned policies and
// their attachment, bucket quota, data usage, service accounts), SigV4-signed with the admin
// credentials, secret-bearing bodies encrypted as madmin does. Stateless apart from its
// collaborators; thread-safe. Errors: MinIO's JSON error codes mapped to canonical codes with
// "MinIO <Code>" in the message; transport errors as HttpTransport returns them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "providers/base/call_context.h"
#include "providers/base/clock.h"
#include "providers/base/secret.h"
#include "providers/http/http_transport.h"
#include "providers/minio/madmin_crypto.h"
#include "providers/minio/minio_admin_json.h"
#include "providers/s3/sigv4_signer.h"

namespace osp::providers::minio {

using base::CallContext;

class MinioAdminClient final {
 public:
  // `endpoint` is the server's base URL; collaborators are not owned and outlive the client.
  MinioAdminClient(std::string endpoint, s3::SigV4Credentials admin, std::string region,
                   http::HttpTransport* transport, base::Clock* clock, MadminCrypto* crypto);
  MinioAdminClient(const MinioAdminClient&) = delete;
  MinioAdminClient& operator=(const MinioAdminClient&) = delete;

  // Creates the user or replaces its secret and status (upsert). Idempotent.
  absl::Status AddUser(const std::string& access_key, const base::Secret& secret_key,
                       const CallContext& ctx);
  // Missing user -> NOT_FOUND.
  absl::StatusOr<MinioUserInfo> GetUserInfo(const std::string& access_key, const CallContext& ctx);
  // Removes the user, its policy mapping and service accounts. Missing user -> OK.
  absl::Status RemoveUser(const std::string& access_key, const CallContext& ctx);

  // Creates or replaces a canned policy. Idempotent.
  absl::Status AddCannedPolicy(const std::string& name, const std::string& policy_json,
                               const CallContext& ctx);
  // The policy document. Missing policy -> NOT_FOUND.
  absl::StatusOr<std::string> GetCannedPolicy(const std::string& name, const CallContext& ctx);
  // Canned policies by name (documents as JSON text): all of them, or only those whose resources
  // name `bucket` when it is not empty.
  absl::StatusOr<std::map<std::string, std::string>> ListCannedPolicies(const std::string& bucket,
                                                                        const CallContext& ctx);
  // Missing policy -> OK; still attached -> FAILED_PRECONDITION.
  absl::Status RemoveCannedPolicy(const std::string& name, const CallContext& ctx);
  // Attaches `policy` to `user`; already attached -> OK. Missing user/policy -> NOT_FOUND.
  absl::Status AttachPolicy(const std::string& user, const std::string& policy,
                            const CallContext& ctx);

  // Hard quota in bytes; 0 clears it. Missing bucket -> NOT_FOUND. Idempotent.
  absl::Status SetBucketQuota(const std::string& bucket, int64_t bytes, const CallContext& ctx);
  // Hard quota in bytes, 0 when none is set. Missing bucket -> NOT_FOUND.
  absl::StatusOr<int64_t> GetBucketQuota(const std::string& bucket, const CallContext& ctx);
  // Usage of every bucket from the last scanner pass.
  absl::StatusOr<std::map<std::string, MinioBucketUsage>> GetDataUsage(const CallContext& ctx);

  // A new service account of `parent` (server-generated keys). Once MinIO has answered, its
  // secret is decrypted even if `ctx` ends meanwhile (within a bound of its own), so that a
  // created account is never lost to the caller's deadline. Not idempotent: every call makes an
  // account, so the request is never sent again after a reset or 5xx (MinIO may have made one
  // whose secret nobody would have); the caller sees UNAVAILABLE instead.
  absl::StatusOr<MinioServiceAccount> AddServiceAccount(const std::string& parent,
                                                        const CallContext& ctx);
  // Access keys of `parent`'s service accounts.
  absl::StatusOr<std::vector<std::string>> ListServiceAccounts(const std::string& parent,
                                                               const CallContext& ctx);
  // Missing -> OK.
  absl::Status DeleteServiceAccount(const std::string& access_key, const CallContext& ctx);

 private:
  struct Call {
    std::string method;
    std::string operation;  // Path below /minio/admin/v3/.
    std::vector<std::pair<std::string, std::string>> query;
    std::string body;
    bool encrypt_body = false;
    std::string content_type;
    // Whether the transport may send the request again after a reset or 5xx. By default every
    // method but POST: MinIO's GETs read, its PUTs are upserts with the same body and its DELETEs
    // remove what may be gone already, so a second copy changes nothing; a POST may make
    // something (a second copy of attach answers "already applied") and is never resent. A call
    // whose second copy makes something new sets false whatever its method
    // (add-service-account, a PUT). The default is computed when the Call is brace-initialised
    // with its method, as every call site does; setting `method` later does not change it.
    bool safe_to_resend = method != "POST";
  };
  // Signs and sends `call`; returns the response whatever its HTTP status.
  absl::StatusOr<http::HttpResponse> SendRaw(const Call& call, const CallContext& ctx);
  // SendRaw, with a non-2xx response turned into a status.
  absl::StatusOr<http::HttpResponse> Send(const Call& call, const CallContext& ctx);
  // Decrypts the encrypted response body of `operation`; one that does not decrypt is INTERNAL,
  // a caller who gives up while waiting for the key derivation DEADLINE_EXCEEDED / CANCELLED.
  absl::StatusOr<std::string> Decrypt(const std::string& operation, const std::string& body,
                                      const CallContext& ctx);

  std::string endpoint_;
  s3::SigV4Signer signer_;
  base::Secret admin_secret_;
  http::HttpTransport* transport_;
  base::Clock* clock_;
  MadminCrypto* crypto_;
};

}  // namespace osp::providers::minio
