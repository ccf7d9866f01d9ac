// MinioUsers: the provider's user and key calls on MinIO, and the per-user canned policy that
// both grants a user its buckets and records which buckets it owns (MinIO has no bucket owner).
// User names are <user_prefix><account>; secrets are derived (UserSecretDeriver), so EnsureUser
// needs no state and returns the same key every time. Policy read-modify-write cycles of one user
// are serialised within this process; two daemons changing the same account's buckets at the
// same instant can lose one update (documented in the README). Bucket owners found for object
// calls are remembered for kOwnerTtl (CachedOwnerOf). Thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "providers/base/call_context.h"
#include "providers/base/clock.h"
#include "providers/base/expiring_map.h"
#include "providers/minio/minio_admin_client.h"
#include "providers/minio/minio_config.h"
#include "providers/minio/user_secret_deriver.h"
#include "providers/types.h"

namespace osp::providers::minio {

class MinioUsers final {
 public:
  // How long CachedOwnerOf remembers a bucket's owner.
  static constexpr absl::Duration kOwnerTtl = absl::Seconds(10);
  // How many owners CachedOwnerOf remembers at most.
  static constexpr size_t kMaxOwners = 4096;

  // `admin` and `clock` outlive this object.
  MinioUsers(const MinioConfig& config, MinioAdminClient* admin, base::Clock* clock);
  MinioUsers(const MinioUsers&) = delete;
  MinioUsers& operator=(const MinioUsers&) = delete;

  std::string UserName(const std::string& account) const { return config_.user_prefix + account; }
  // The account of a user name with our prefix; nullopt for other users.
  std::optional<std::string> AccountOf(const std::string& user_name) const;

  // Provider::EnsureUser: creates the user (with its derived secret) and its deny-all policy when
  // missing, attaches the policy, and returns the derived credentials. A policy of the user's
  // name that ospd did not write (BucketsOfUserPolicy) -> FAILED_PRECONDITION "policy 'x'
  // exists and was not written by ospd", before any write. Idempotent.
  absl::StatusOr<UserResult> Ensure(const std::string& account, const CallContext& ctx);
  // Provider::DeleteUser. Still owning buckets, or a policy ospd did not write ->
  // FAILED_PRECONDITION naming them.
  absl::Status Delete(const std::string& account, const CallContext& ctx);
  // Provider::CreateAccessKey through a service account of the user.
  absl::StatusOr<Credentials> CreateKey(const std::string& account, const CallContext& ctx);
  // Provider::DeleteAccessKey. The user's own key -> FAILED_PRECONDITION (use DeleteUser); a key
  // of another user -> NOT_FOUND; missing key -> OK.
  absl::Status DeleteKey(const std::string& account, const std::string& access_key,
                         const CallContext& ctx);

  // Missing user -> FAILED_PRECONDITION "call EnsureUser first".
  absl::Status RequireUser(const std::string& account, const CallContext& ctx);
  // The buckets the account owns (from its policy); empty when it has no policy. A policy ospd
  // did not write -> FAILED_PRECONDITION (as for every call below that reads the policy).
  absl::StatusOr<std::set<std::string>> BucketsOf(const std::string& account,
                                                  const CallContext& ctx);
  // The calls below read every ownership record at once (list-canned-policies), filtered by
  // `bucket` where they take one. A policy of one of our user names that ospd did not write (a
  // record edited by hand: a Sid, another statement) among those read -> FAILED_PRECONDITION
  // "policy 'x' exists and was not written by ospd", as ReadPolicy: which buckets it was meant
  // to record is unknown, so no answer is given rather than one that calls its buckets
  // unmanaged. With `bucket`, only a policy that names the bucket counts.
  //
  // The account owning `bucket`, or nullopt when no record names it.
  absl::StatusOr<std::optional<std::string>> OwnerOf(const std::string& bucket,
                                                     const CallContext& ctx);
  // Every account whose ownership record names `bucket`: several only while creates of the
  // bucket by different accounts race (MinioBuckets::Create then backs off).
  absl::StatusOr<std::set<std::string>> Claimants(const std::string& bucket,
                                                  const CallContext& ctx);
  // The account owning `bucket`. A bucket no account of ours owns -> NOT_FOUND whether or not it
  // exists: ospd does not act on buckets it does not manage (as ECS sees none outside its
  // namespace).
  absl::StatusOr<std::string> ManagedOwnerOf(const std::string& bucket, const CallContext& ctx);
  // ManagedOwnerOf, remembered for kOwnerTtl, for the object calls (a GetObject checks the owner
  // twice). A change of ownership through this object (AddBucket, RemoveBucket: every create
  // and delete of this daemon) forgets the bucket at once; one made elsewhere (another daemon,
  // the MinIO console) is seen up to kOwnerTtl late. Only owners are remembered: a bucket ospd
  // does not manage is looked up on every call.
  absl::StatusOr<std::string> CachedOwnerOf(const std::string& bucket, const CallContext& ctx);
  // Owning account by bucket, for every bucket some user of ours owns (one admin call). Any
  // record ospd did not write refuses it, whichever buckets it names.
  absl::StatusOr<std::map<std::string, std::string>> Owners(const CallContext& ctx);
  // Adds `bucket` to / removes it from the account's policy, and forgets its remembered owner.
  // Idempotent. AddBucket answers true when this call added the bucket, false when the policy
  // already held it.
  absl::StatusOr<bool> AddBucket(const std::string& account, const std::string& bucket,
                                 const CallContext& ctx);
  absl::Status RemoveBucket(const std::string& account, const std::string& bucket,
                            const CallContext& ctx);

 private:
  // The buckets of the account's policy; nullopt when it has no policy.
  absl::StatusOr<std::optional<std::set<std::string>>> ReadPolicy(const std::string& account,
                                                                  const CallContext& ctx);
  // Rewrites the account's policy to grant `buckets`, attaching it to the user if `attach`
  // (attachments outlive rewrites, and each attach costs a key derivation).
  absl::Status WritePolicy(const std::string& account, const std::set<std::string>& buckets,
                           bool attach, const CallContext& ctx);
  // Adds or removes `bucket` under the account's policy lock.
  absl::StatusOr<bool> ChangeBucket(const std::string& account, const std::string& bucket, bool add,
                                    const CallContext& ctx);
  absl::Mutex& LockFor(const std::string& account);
  // Makes the next CachedOwnerOf of `bucket` look it up again.
  void ForgetOwner(const std::string& bucket);
  // The buckets of every account with an ownership record (those naming `bucket`, unless it is
  // empty), refusing a record ospd did not write as the calls above say. The one reading of
  // list-canned-policies, so that Claimants and Owners refuse alike.
  absl::StatusOr<std::map<std::string, std::set<std::string>>> Records(const std::string& bucket,
                                                                       const CallContext& ctx);

  const MinioConfig config_;
  MinioAdminClient* const admin_;
  const UserSecretDeriver secrets_;
  std::array<absl::Mutex, 32> policy_locks_;
  // Owners remembered by CachedOwnerOf; a lookup that read the record before a ForgetOwner
  // does not store what it read.
  base::ExpiringMap<std::string> owners_;
};

}  // namespace osp::providers::minio
