#include "providers/ecs/ecs_users.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "providers/base/status_macros.h"
#include "providers/ecs/ecs_spec.h"

namespace osp::providers::ecs {
namespace {

// Buckets per page when looking for a user's buckets, and how many a message names.
constexpr int32_t kListPage = 500;
constexpr size_t kMaxNamed = 10;

}  // namespace

EcsUsers::EcsUsers(const EcsConfig& config, EcsMgmtClient* mgmt, base::Clock* clock)
    : config_(config), mgmt_(mgmt), keys_(clock, kKeyTtl, kMaxKeys) {}

std::string EcsUsers::UserName(const std::string& account) const {
  return ecs::UserName(config_.user_prefix, account);
}

std::string EcsUsers::AccountOf(const std::string& user) const {
  return ecs::AccountOf(config_.user_prefix, user);
}

absl::StatusOr<Credentials> EcsUsers::CredentialsOf(const std::string& user,
                                                    const EcsSecretKeySlot& slot) {
  if (slot.secret.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("ECS does not reveal the secret key of object user '", user,
                     "' (hide-secret-key is on): delete the user's keys or turn the option off"));
  }
  Credentials c;
  c.access_key_id = user;
  c.secret_access_key = slot.secret;
  return c;
}

absl::StatusOr<bool> EcsUsers::CreateUser(const std::string& user, const CallContext& ctx) {
  absl::Status created = mgmt_->CreateUser(user, ctx);
  if (created.ok()) return true;
  if (!absl::IsAlreadyExists(created)) return created;
  // A concurrent EnsureUser won, or the name is taken in another namespace: look again.
  absl::StatusOr<EcsUserInfo> found = mgmt_->GetUser(user, ctx);
  if (absl::IsNotFound(found.status())) {
    // User ids are unique across ECS, and this one is not in our namespace.
    return absl::FailedPreconditionError(
        absl::StrCat("object user '", user, "' already exists outside namespace '",
                     config_.namespace_name, "': give each backend its own user_prefix"));
  }
  RETURN_IF_ERROR(found.status());
  const EcsUserInfo& info = *found;
  if (!info.namespace_name.empty() && info.namespace_name != config_.namespace_name) {
    return absl::FailedPreconditionError(absl::StrCat(
        "object user '", user, "' exists in namespace '", info.namespace_name, "', not '",
        config_.namespace_name, "': give each backend its own user_prefix"));
  }
  return false;
}

absl::StatusOr<UserResult> EcsUsers::Ensure(const std::string& account, const CallContext& ctx) {
  return ensure_flights_.Do(account, ctx, [&] { return EnsureOnce(account, ctx); });
}

absl::StatusOr<UserResult> EcsUsers::EnsureOnce(const std::string& account,
                                                const CallContext& ctx) {
  UserResult result;
  result.user_name = UserName(account);
  const std::string& user = result.user_name;
  // A key change (ForgetKey) during the reads below may make what they read stale.
  const uint64_t generation = keys_.Generation();
  absl::StatusOr<EcsUserInfo> info = mgmt_->GetUser(user, ctx);
  if (absl::IsNotFound(info.status())) {
    ASSIGN_OR_RETURN(result.created, CreateUser(user, ctx));
  } else if (!info.ok()) {
    return info.status();
  } else if (!info->namespace_name.empty() && info->namespace_name != config_.namespace_name) {
    return absl::FailedPreconditionError(absl::StrCat(
        "object user '", user, "' exists in namespace '", info->namespace_name, "', not '",
        config_.namespace_name, "': give each backend its own user_prefix"));
  }
  // A user created just now has no key yet: skip reading its empty slots.
  const EcsSecretKeySlot* current = nullptr;
  EcsSecretKeys keys;
  if (!result.created) {
    ASSIGN_OR_RETURN(keys, mgmt_->GetSecretKeys(user, ctx));
    current = CurrentKey(keys);
  }
  if (current != nullptr) {
    ASSIGN_OR_RETURN(result.credentials, CredentialsOf(user, *current));
  } else {
    ASSIGN_OR_RETURN(result.credentials, CreateFirstKey(user, ctx));
  }
  keys_.PutUnlessForgotten(user, result.credentials, generation);
  return result;
}

absl::StatusOr<Credentials> EcsUsers::CreateFirstKey(const std::string& user,
                                                     const CallContext& ctx) {
  absl::StatusOr<EcsNewSecretKey> created = mgmt_->CreateSecretKey(user, std::nullopt, ctx);
  if (created.status().code() == absl::StatusCode::kFailedPrecondition ||
      created.status().code() == absl::StatusCode::kInvalidArgument) {
    // Other daemons filled both slots meanwhile: take the key they agree on.
    ASSIGN_OR_RETURN(EcsSecretKeys keys, mgmt_->GetSecretKeys(user, ctx));
    if (const EcsSecretKeySlot* current = CurrentKey(keys)) return CredentialsOf(user, *current);
  }
  RETURN_IF_ERROR(created.status());
  // Another daemon may have created a key at the same moment. Everyone reads the slots after
  // creating; the first key created wins and a caller whose key came second removes it, so the
  // user ends up with one key that every caller returns.
  ASSIGN_OR_RETURN(EcsSecretKeys keys, mgmt_->GetSecretKeys(user, ctx));
  const EcsSecretKeySlot* first = OlderKey(keys);
  if (first == nullptr || first->secret == created->secret) {
    Credentials c;
    c.access_key_id = user;
    c.secret_access_key = created->secret;
    return c;
  }
  absl::Status removed = mgmt_->DeleteSecretKey(user, created->secret, ctx);
  if (!removed.ok() && !absl::IsNotFound(removed)) return removed;
  return CredentialsOf(user, *first);
}

absl::Status EcsUsers::Delete(const std::string& account, const CallContext& ctx) {
  const std::string user = UserName(account);
  keys_.Forget(user);
  absl::StatusOr<EcsUserInfo> info = mgmt_->GetUser(user, ctx);
  if (absl::IsNotFound(info.status())) return absl::OkStatus();
  RETURN_IF_ERROR(info.status());
  if (!info->namespace_name.empty() && info->namespace_name != config_.namespace_name) {
    return absl::OkStatus();  // Not a user of this backend's namespace.
  }
  // ECS keeps a deleted user's buckets, which nobody could then use: refuse instead.
  std::vector<std::string> owned;
  std::string marker;
  do {
    ASSIGN_OR_RETURN(EcsBucketPage page, mgmt_->ListBuckets(marker, kListPage, ctx));
    for (const EcsBucket& b : page.buckets) {
      if (b.owner == user) owned.push_back(b.name);
    }
    marker = page.next_marker;
  } while (!marker.empty());
  if (!owned.empty()) {
    const size_t named = std::min(owned.size(), kMaxNamed);
    return absl::FailedPreconditionError(
        absl::StrCat("object user '", user, "' still owns ", owned.size(),
                     " bucket(s): ", absl::StrJoin(owned.begin(), owned.begin() + named, ", "),
                     owned.size() > named ? ", ..." : "", "; delete them first"));
  }
  absl::Status deleted = mgmt_->DeleteUser(user, ctx);
  keys_.Forget(user);  // Again: a read that began after the first may predate the delete.
  return absl::IsNotFound(deleted) ? absl::OkStatus() : deleted;
}

absl::StatusOr<Credentials> EcsUsers::CreateKey(const std::string& account,
                                                std::optional<absl::Duration> old_key_expiry,
                                                const CallContext& ctx) {
  const std::string user = UserName(account);
  keys_.Forget(user);
  absl::StatusOr<EcsNewSecretKey> created = mgmt_->CreateSecretKey(user, old_key_expiry, ctx);
  keys_.Forget(user);  // Again: a read that began after the first may predate the new key.
  if (created.status().code() == absl::StatusCode::kInvalidArgument) {
    // ECS words "both slots in use" differently across versions; look at the slots.
    ASSIGN_OR_RETURN(EcsSecretKeys keys, mgmt_->GetSecretKeys(user, ctx));
    if (keys.key1.exists && keys.key2.exists) {
      return absl::FailedPreconditionError(absl::StrCat(
          "object user '", user, "' already has two keys (ECS allows two): DeleteAccessKey first"));
    }
  }
  RETURN_IF_ERROR(created.status());
  Credentials c;
  c.access_key_id = user;
  c.secret_access_key = created->secret;
  return c;
}

absl::Status EcsUsers::DeleteKey(const std::string& account, const std::string& access_key_id,
                                 const CallContext& ctx) {
  const std::string user = UserName(account);
  ASSIGN_OR_RETURN(EcsSecretKeys keys, mgmt_->GetSecretKeys(user, ctx));
  if (access_key_id != user) return absl::OkStatus();
  const EcsSecretKeySlot* older = OlderKey(keys);
  if (older == nullptr) return absl::OkStatus();
  if (older->secret.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("ECS does not reveal the keys of object user '", user,
                     "' (hide-secret-key is on), so the older key cannot be named for deletion"));
  }
  keys_.Forget(user);
  absl::Status deleted = mgmt_->DeleteSecretKey(user, older->secret, ctx);
  keys_.Forget(user);  // Again: a read that began after the first may predate the delete.
  return absl::IsNotFound(deleted) ? absl::OkStatus() : deleted;
}

absl::StatusOr<Credentials> EcsUsers::KeyOf(const std::string& user, const CallContext& ctx) {
  if (std::optional<Credentials> cached = keys_.Find(user)) return *std::move(cached);
  return key_flights_.Do(user, ctx, [&]() -> absl::StatusOr<Credentials> {
    // A concurrent caller may have filled the cache while this one waited for its turn.
    if (std::optional<Credentials> cached = keys_.Find(user)) return *std::move(cached);
    return ReadKey(user, ctx);
  });
}

absl::StatusOr<Credentials> EcsUsers::ReadKey(const std::string& user, const CallContext& ctx) {
  // A key change (ForgetKey) during the read may make what it reads stale.
  const uint64_t generation = keys_.Generation();
  ASSIGN_OR_RETURN(EcsSecretKeys keys, mgmt_->GetSecretKeys(user, ctx));
  const EcsSecretKeySlot* current = CurrentKey(keys);
  if (current == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("object user '", user, "' has no secret key: call EnsureUser"));
  }
  ASSIGN_OR_RETURN(Credentials c, CredentialsOf(user, *current));
  keys_.PutUnlessForgotten(user, c, generation);
  return c;
}

}  // namespace osp::providers::ecs
