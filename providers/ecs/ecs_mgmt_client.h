// EcsMgmtClient: the calls of the ECS management REST API a provisioner needs, each scoped to
// the configured namespace, with XML bodies. It logs in with HTTP Basic at /login and shares the
// session token among all threads (EcsTokenCache: one login per token lifetime); a request whose
// token ECS rejects (401, or a 302 to /login) logs in again once and is retried once, then fails
// with UNAUTHENTICATED. The destructor logs out. Errors follow ecs_error.h (ECS code in the
// message); transport failures keep their code (UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED).
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "providers/base/call_context.h"
#include "providers/base/clock.h"
#include "providers/base/logger.h"
#include "providers/base/secret.h"
#include "providers/ecs/ecs_config.h"
#include "providers/ecs/ecs_token_cache.h"
#include "providers/ecs/ecs_types.h"
#include "providers/http/http_transport.h"

namespace osp::providers::ecs {

using base::CallContext;

class EcsMgmtClient final {
 public:
  // `transport`, `clock` and `logger` outlive the client.
  EcsMgmtClient(const EcsConfig& config, http::HttpTransport* transport, base::Clock* clock,
                base::Logger* logger);
  // Logs out (best effort, bounded by a few seconds).
  ~EcsMgmtClient();
  EcsMgmtClient(const EcsMgmtClient&) = delete;
  EcsMgmtClient& operator=(const EcsMgmtClient&) = delete;

  // Makes sure a session exists (logs in unless a usable token is cached). Wrong credentials ->
  // UNAUTHENTICATED; management user lacking rights -> PERMISSION_DENIED.
  absl::Status EnsureSession(const CallContext& ctx);
  // Logs out the current session, if any. Later calls log in again. Idempotent.
  void Close();
  // Successful logins since construction (metrics, tests).
  int64_t logins() const { return tokens_.logins(); }

  // The configured namespace. Missing -> NOT_FOUND.
  absl::StatusOr<EcsNamespace> GetNamespace(const CallContext& ctx);
  // Every replication group of the VDC.
  absl::StatusOr<std::vector<EcsReplicationGroup>> ListReplicationGroups(const CallContext& ctx);

  // Creates object user `user` in the namespace. Existing user -> ALREADY_EXISTS (also what a
  // repeat after a lost answer sees).
  absl::Status CreateUser(const std::string& user, const CallContext& ctx);
  // Missing user -> NOT_FOUND. The user may belong to another namespace: check namespace_name.
  absl::StatusOr<EcsUserInfo> GetUser(const std::string& user, const CallContext& ctx);
  // One page of the namespace's users, from `marker` ("" for the first page).
  absl::StatusOr<EcsUserPage> ListUsers(const std::string& marker, int32_t limit,
                                        const CallContext& ctx);
  // Deletes the user and its keys (its buckets stay). Missing user -> NOT_FOUND.
  absl::Status DeleteUser(const std::string& user, const CallContext& ctx);

  // The user's two key slots. Missing user -> NOT_FOUND.
  absl::StatusOr<EcsSecretKeys> GetSecretKeys(const std::string& user, const CallContext& ctx);
  // Has ECS generate a key in a free slot. With `existing_key_expiry`, the key already there
  // expires after that long (rounded up to whole minutes). Both slots in use ->
  // FAILED_PRECONDITION; missing user -> NOT_FOUND. Never repeated (a repeat would fill the second
  // slot).
  absl::StatusOr<EcsNewSecretKey> CreateSecretKey(const std::string& user,
                                                  std::optional<absl::Duration> existing_key_expiry,
                                                  const CallContext& ctx);
  // Deactivates the key `secret` of `user`. Missing user -> NOT_FOUND.
  absl::Status DeleteSecretKey(const std::string& user, const base::Secret& secret,
                               const CallContext& ctx);

  // Creates a bucket in the namespace. Existing -> ALREADY_EXISTS (also what a repeat after a
  // lost answer sees); owner not a user of the namespace -> INVALID_ARGUMENT (ECS 40010).
  absl::Status CreateBucket(const EcsBucketCreate& create, const CallContext& ctx);
  // Missing -> NOT_FOUND.
  absl::StatusOr<EcsBucket> GetBucket(const std::string& name, const CallContext& ctx);
  // One page of the namespace's buckets, from `marker` ("" for the first page).
  absl::StatusOr<EcsBucketPage> ListBuckets(const std::string& marker, int32_t limit,
                                            const CallContext& ctx);
  // Deletes an empty bucket. Not empty -> FAILED_PRECONDITION; missing -> NOT_FOUND.
  absl::Status DeactivateBucket(const std::string& name, const CallContext& ctx);

  // Missing bucket -> NOT_FOUND.
  absl::StatusOr<EcsQuota> GetQuota(const std::string& bucket, const CallContext& ctx);
  // At least one limit must be set (ECS refuses both unset: use DeleteQuota). Idempotent.
  absl::Status SetQuota(const std::string& bucket, const EcsQuota& quota, const CallContext& ctx);
  // Removes both limits. Idempotent.
  absl::Status DeleteQuota(const std::string& bucket, const CallContext& ctx);

  // Sampled size and object count of one bucket. Missing -> NOT_FOUND.
  absl::StatusOr<EcsBucketBilling> GetBilling(const std::string& bucket, const CallContext& ctx);

 private:
  struct Request {
    std::string operation;  // For metrics: "ecs.GetBucket".
    std::string method;
    std::vector<std::string> path;  // Segments, encoded here.
    std::vector<std::pair<std::string, std::string>> query;
    std::string body;  // XML; empty: none.
    // A POST the transport may send again after a 5xx or a reset: its callers take the
    // ALREADY_EXISTS / NOT_FOUND of a repeat as success. Other methods are always repeatable.
    bool repeatable_post = false;
  };

  // Sends `request` with the session token; handles one re-login on a rejected token. Returns
  // the 2xx response or the mapped error.
  absl::StatusOr<http::HttpResponse> Call(const Request& request, const CallContext& ctx);
  absl::StatusOr<http::HttpResponse> Send(const Request& request, const base::Secret& token,
                                          const CallContext& ctx);
  absl::StatusOr<EcsTokenCache::LoginResult> Login(const CallContext& ctx);
  void Logout(const base::Secret& token, const CallContext& ctx);
  // "GET /object/bucket/b/info": names a request in errors and logs (no query string).
  static std::string Describe(const Request& request);

  const EcsConfig config_;
  http::HttpTransport* const transport_;
  base::Logger* const logger_;
  EcsTokenCache tokens_;
};

}  // namespace osp::providers::ecs
