#include "providers/minio/minio_users.h"

#include <functional>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "providers/base/status_macros.h"
#include "providers/minio/user_policy.h"

namespace osp::providers::minio {
namespace {

// The answer for a policy of one of our user names that ospd did not write.
absl::Status NotWrittenByOspd(const std::string& name, const absl::Status& why) {
  return absl::FailedPreconditionError(
      absl::StrCat("policy '", name, "' exists and was not written by ospd (", why.message(), ")"));
}

}  // namespace

MinioUsers::MinioUsers(const MinioConfig& config, MinioAdminClient* admin, base::Clock* clock)
    : config_(config),
      admin_(admin),
      secrets_(config.user_secret_seed, config.backend_id),
      owners_(clock, kOwnerTtl, kMaxOwners) {}

std::optional<std::string> MinioUsers::AccountOf(const std::string& user_name) const {
  if (!absl::StartsWith(user_name, config_.user_prefix) ||
      user_name.size() == config_.user_prefix.size()) {
    return std::nullopt;
  }
  return user_name.substr(config_.user_prefix.size());
}

absl::Mutex& MinioUsers::LockFor(const std::string& account) {
  return policy_locks_[std::hash<std::string>{}(account) % policy_locks_.size()];
}

absl::StatusOr<UserResult> MinioUsers::Ensure(const std::string& account, const CallContext& ctx) {
  const std::string user = UserName(account);
  UserResult result;
  result.user_name = user;
  result.credentials.access_key_id = user;
  result.credentials.secret_access_key = secrets_.Derive(user);

  auto info = admin_->GetUserInfo(user, ctx);
  if (!info.ok() && !absl::IsNotFound(info.status())) return info.status();
  const std::vector<std::string> attached =
      info.ok() ? absl::StrSplit(info->policy_name, ',', absl::SkipEmpty())
                : std::vector<std::string>{};
  if (std::find(attached.begin(), attached.end(), user) != attached.end()) return result;
  absl::MutexLock lock(&LockFor(account));
  // Read (and check) the policy before any write: a policy of that name that ospd did not
  // write must be neither rewritten nor attached to a user of ours.
  ASSIGN_OR_RETURN(std::optional<std::set<std::string>> buckets, ReadPolicy(account, ctx));
  if (!info.ok()) {
    RETURN_IF_ERROR(admin_->AddUser(user, result.credentials.secret_access_key, ctx));
    result.created = true;
  }
  RETURN_IF_ERROR(
      WritePolicy(account, buckets.value_or(std::set<std::string>{}), /*attach=*/true, ctx));
  return result;
}

absl::Status MinioUsers::Delete(const std::string& account, const CallContext& ctx) {
  const std::string user = UserName(account);
  ASSIGN_OR_RETURN(std::set<std::string> buckets, BucketsOf(account, ctx));
  if (!buckets.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("user '", user, "' still owns buckets: ", absl::StrJoin(buckets, ", ")));
  }
  RETURN_IF_ERROR(admin_->RemoveUser(user, ctx));
  return admin_->RemoveCannedPolicy(user, ctx);
}

absl::StatusOr<Credentials> MinioUsers::CreateKey(const std::string& account,
                                                  const CallContext& ctx) {
  const std::string user = UserName(account);
  auto info = admin_->GetUserInfo(user, ctx);
  if (absl::IsNotFound(info.status())) {
    return absl::NotFoundError(absl::StrCat("user '", user, "' not found"));
  }
  RETURN_IF_ERROR(info.status());
  ASSIGN_OR_RETURN(MinioServiceAccount account_key, admin_->AddServiceAccount(user, ctx));
  Credentials credentials;
  credentials.access_key_id = account_key.access_key;
  credentials.secret_access_key = account_key.secret_key;
  return credentials;
}

absl::Status MinioUsers::DeleteKey(const std::string& account, const std::string& access_key,
                                   const CallContext& ctx) {
  const std::string user = UserName(account);
  if (access_key == user) {
    return absl::FailedPreconditionError(absl::StrCat(
        "access key '", access_key, "' is the user's own key: delete the user instead"));
  }
  auto keys = admin_->ListServiceAccounts(user, ctx);
  if (absl::IsNotFound(keys.status())) {
    return absl::NotFoundError(absl::StrCat("user '", user, "' not found"));
  }
  RETURN_IF_ERROR(keys.status());
  if (std::find(keys->begin(), keys->end(), access_key) == keys->end()) return absl::OkStatus();
  return admin_->DeleteServiceAccount(access_key, ctx);
}

absl::Status MinioUsers::RequireUser(const std::string& account, const CallContext& ctx) {
  const std::string user = UserName(account);
  absl::Status status = admin_->GetUserInfo(user, ctx).status();
  if (absl::IsNotFound(status)) {
    return absl::FailedPreconditionError(
        absl::StrCat("owner '", account, "' has no user '", user, "': call EnsureUser first"));
  }
  return status;
}

absl::StatusOr<std::optional<std::set<std::string>>> MinioUsers::ReadPolicy(
    const std::string& account, const CallContext& ctx) {
  const std::string name = UserName(account);
  auto document = admin_->GetCannedPolicy(name, ctx);
  if (absl::IsNotFound(document.status())) return std::optional<std::set<std::string>>();
  RETURN_IF_ERROR(document.status());
  absl::StatusOr<std::set<std::string>> buckets = BucketsOfUserPolicy(*document);
  if (!buckets.ok()) return NotWrittenByOspd(name, buckets.status());
  return std::optional<std::set<std::string>>(*std::move(buckets));
}

absl::StatusOr<std::set<std::string>> MinioUsers::BucketsOf(const std::string& account,
                                                            const CallContext& ctx) {
  ASSIGN_OR_RETURN(std::optional<std::set<std::string>> buckets, ReadPolicy(account, ctx));
  return buckets.value_or(std::set<std::string>{});
}

absl::StatusOr<std::optional<std::string>> MinioUsers::OwnerOf(const std::string& bucket,
                                                               const CallContext& ctx) {
  ASSIGN_OR_RETURN(std::set<std::string> claimants, Claimants(bucket, ctx));
  if (claimants.empty()) return std::optional<std::string>();
  return std::optional<std::string>(*claimants.begin());
}

absl::StatusOr<std::map<std::string, std::set<std::string>>> MinioUsers::Records(
    const std::string& bucket, const CallContext& ctx) {
  ASSIGN_OR_RETURN(auto policies, admin_->ListCannedPolicies(bucket, ctx));
  std::map<std::string, std::set<std::string>> records;
  for (const auto& [policy, document] : policies) {
    std::optional<std::string> account = AccountOf(policy);
    if (!account.has_value()) continue;  // Not one of our users' (built-in, another tool's).
    absl::StatusOr<std::set<std::string>> buckets = BucketsOfUserPolicy(document);
    if (!buckets.ok()) return NotWrittenByOspd(policy, buckets.status());
    records[*account] = *std::move(buckets);
  }
  return records;
}

absl::StatusOr<std::set<std::string>> MinioUsers::Claimants(const std::string& bucket,
                                                            const CallContext& ctx) {
  ASSIGN_OR_RETURN(auto records, Records(bucket, ctx));
  std::set<std::string> accounts;
  for (const auto& [account, buckets] : records) {
    if (buckets.count(bucket) > 0) accounts.insert(account);
  }
  return accounts;
}

absl::StatusOr<std::string> MinioUsers::ManagedOwnerOf(const std::string& bucket,
                                                       const CallContext& ctx) {
  ASSIGN_OR_RETURN(std::optional<std::string> owner, OwnerOf(bucket, ctx));
  if (!owner.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("bucket '", bucket, "' not found among the buckets ospd manages"));
  }
  return *std::move(owner);
}

absl::StatusOr<std::string> MinioUsers::CachedOwnerOf(const std::string& bucket,
                                                      const CallContext& ctx) {
  if (std::optional<std::string> owner = owners_.Find(bucket)) return *std::move(owner);
  const uint64_t generation = owners_.Generation();
  ASSIGN_OR_RETURN(std::string owner, ManagedOwnerOf(bucket, ctx));
  owners_.PutUnlessForgotten(bucket, owner, generation);
  return owner;
}

void MinioUsers::ForgetOwner(const std::string& bucket) { owners_.Forget(bucket); }

absl::StatusOr<std::map<std::string, std::string>> MinioUsers::Owners(const CallContext& ctx) {
  ASSIGN_OR_RETURN(auto records, Records("", ctx));
  std::map<std::string, std::string> owners;
  for (const auto& [account, buckets] : records) {
    for (const std::string& bucket : buckets) owners[bucket] = account;
  }
  return owners;
}

absl::StatusOr<bool> MinioUsers::AddBucket(const std::string& account, const std::string& bucket,
                                           const CallContext& ctx) {
  return ChangeBucket(account, bucket, /*add=*/true, ctx);
}

absl::Status MinioUsers::RemoveBucket(const std::string& account, const std::string& bucket,
                                      const CallContext& ctx) {
  return ChangeBucket(account, bucket, /*add=*/false, ctx).status();
}

absl::StatusOr<bool> MinioUsers::ChangeBucket(const std::string& account, const std::string& bucket,
                                              bool add, const CallContext& ctx) {
  absl::MutexLock lock(&LockFor(account));
  ASSIGN_OR_RETURN(std::optional<std::set<std::string>> current, ReadPolicy(account, ctx));
  std::set<std::string> buckets = current.value_or(std::set<std::string>{});
  const bool changed = add ? buckets.insert(bucket).second : buckets.erase(bucket) > 0;
  if (!changed && current.has_value()) return false;
  // Forgotten whatever the answer: a write that failed may still have been applied.
  absl::Status written = WritePolicy(account, buckets, /*attach=*/!current.has_value(), ctx);
  ForgetOwner(bucket);
  RETURN_IF_ERROR(written);
  return changed;
}

absl::Status MinioUsers::WritePolicy(const std::string& account,
                                     const std::set<std::string>& buckets, bool attach,
                                     const CallContext& ctx) {
  const std::string user = UserName(account);
  RETURN_IF_ERROR(admin_->AddCannedPolicy(user, UserPolicyJson(buckets), ctx));
  return attach ? admin_->AttachPolicy(user, user, ctx) : absl::OkStatus();
}

}  // namespace osp::providers::minio
