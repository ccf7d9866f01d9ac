// EcsUsers: object users and their secret keys on ECS, for the provider's user calls and for the
// bucket and object calls that sign S3 requests with a bucket owner's key. The user of account A
// is <user_prefix>A in the configured namespace; its S3 access key id is the user name and its
// secret one of ECS's two key slots (ecs_spec.h CurrentKey says which). Keeps no state but a
// short-lived key cache. Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "providers/base/call_context.h"
#include "providers/base/clock.h"
#include "providers/base/expiring_map.h"
#include "providers/ecs/ecs_config.h"
#include "providers/ecs/ecs_mgmt_client.h"
#include "providers/ecs/single_flight.h"
#include "providers/types.h"

namespace osp::providers::ecs {

class EcsUsers final {
 public:
  // How long a key read from ECS is used before it is read again. ECS stays the source of truth:
  // the key is also dropped whenever ospd changes it or S3 refuses it.
  static constexpr absl::Duration kKeyTtl = absl::Seconds(60);
  // How many users' keys are remembered at most.
  static constexpr size_t kMaxKeys = 4096;

  // `mgmt` and `clock` outlive this object.
  EcsUsers(const EcsConfig& config, EcsMgmtClient* mgmt, base::Clock* clock);
  EcsUsers(const EcsUsers&) = delete;
  EcsUsers& operator=(const EcsUsers&) = delete;

  // Creates the user of `account` if missing ("already exists" from a concurrent create is
  // success) and returns its current key, asking ECS to generate one if it has none. Concurrent
  // first calls (from any number of daemons) converge on one key: a caller whose new key lost
  // removes it. A user of that name in another namespace -> FAILED_PRECONDITION; a key ECS does
  // not reveal (hide-secret-key) -> FAILED_PRECONDITION. Idempotent.
  absl::StatusOr<UserResult> Ensure(const std::string& account, const CallContext& ctx);
  // Deletes the user and its keys. Missing (or of another namespace) -> OK; still owning
  // buckets -> FAILED_PRECONDITION naming them. Idempotent.
  absl::Status Delete(const std::string& account, const CallContext& ctx);
  // Has ECS generate a key in the second slot; with `old_key_expiry` the current key expires
  // after that long. Missing user -> NOT_FOUND; both slots in use -> FAILED_PRECONDITION.
  absl::StatusOr<Credentials> CreateKey(const std::string& account,
                                        std::optional<absl::Duration> old_key_expiry,
                                        const CallContext& ctx);
  // Removes the older of the user's two keys. Every key of an ECS user has the user name as its
  // access key id, so `access_key_id` must be that name; another id, or a user with one key or
  // none, -> OK (nothing to remove: the only key is never deleted). Missing user -> NOT_FOUND.
  // Idempotent.
  absl::Status DeleteKey(const std::string& account, const std::string& access_key_id,
                         const CallContext& ctx);

  // The key object user `user` signs S3 requests with (cached for kKeyTtl). Missing user ->
  // NOT_FOUND; no key, or a hidden one -> FAILED_PRECONDITION.
  absl::StatusOr<Credentials> KeyOf(const std::string& user, const CallContext& ctx);
  // Drops the cached key of `user` (S3 refused it).
  void ForgetKey(const std::string& user) { keys_.Forget(user); }

  std::string UserName(const std::string& account) const;
  std::string AccountOf(const std::string& user) const;

 private:
  absl::StatusOr<UserResult> EnsureOnce(const std::string& account, const CallContext& ctx);
  // Creates the user: true if this call created it, false if a racing create did (ALREADY_EXISTS
  // for a user of this namespace).
  absl::StatusOr<bool> CreateUser(const std::string& user, const CallContext& ctx);
  // Makes ECS generate the user's first key and settles a race with a concurrent creator.
  absl::StatusOr<Credentials> CreateFirstKey(const std::string& user, const CallContext& ctx);
  absl::StatusOr<Credentials> CredentialsOf(const std::string& user, const EcsSecretKeySlot& slot);
  // Reads the current key of `user` from ECS and caches it.
  absl::StatusOr<Credentials> ReadKey(const std::string& user, const CallContext& ctx);

  const EcsConfig config_;
  EcsMgmtClient* const mgmt_;
  base::ExpiringMap<Credentials> keys_;
  // Concurrent EnsureUser calls for one account share one round of requests: ECS has only two
  // key slots, so parallel first calls must not each create a key.
  SingleFlight<UserResult> ensure_flights_;
  // Concurrent S3 calls as one owner whose key is not cached share one key read.
  SingleFlight<Credentials> key_flights_;
};

}  // namespace osp::providers::ecs
