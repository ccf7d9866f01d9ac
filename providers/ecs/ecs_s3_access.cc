#include "providers/ecs/ecs_s3_access.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "providers/base/status_macros.h"

namespace osp::providers::ecs {
namespace {

constexpr absl::Duration kFirstBackoff = absl::Seconds(1);
constexpr absl::Duration kMaxBackoff = absl::Seconds(16);
// How often a backoff looks at the caller's cancellation.
constexpr absl::Duration kCancelPoll = absl::Milliseconds(100);

// Sleeps `d` on `clock`, in slices so that a cancelled caller stops waiting at once.
absl::Status SleepUnlessCancelled(base::Clock* clock, absl::Duration d, const CallContext& ctx,
                                  const std::string& user) {
  for (absl::Duration left = d; left > absl::ZeroDuration(); left -= kCancelPoll) {
    if (ctx.cancelled()) {
      return absl::CancelledError(absl::StrCat("cancelled while waiting for the key of '", user,
                                               "' to reach every ECS node"));
    }
    clock->SleepFor(std::min(left, kCancelPoll));
  }
  return absl::OkStatus();
}

}  // namespace

EcsS3Access::EcsS3Access(const EcsConfig& config, EcsMgmtClient* mgmt, EcsUsers* users,
                         http::HttpTransport* transport, base::Clock* clock)
    : config_(config),
      mgmt_(mgmt),
      users_(users),
      transport_(transport),
      clock_(clock),
      owners_(clock, kOwnerTtl, kMaxOwners) {}

std::unique_ptr<s3::S3Client> EcsS3Access::Client(const Credentials& credentials,
                                                  bool public_endpoint) const {
  s3::S3Endpoint endpoint;
  endpoint.url = public_endpoint ? config_.s3_public_url : config_.s3_private_url;
  endpoint.region = config_.s3_region;
  endpoint.path_style = true;
  return std::make_unique<s3::S3Client>(std::move(endpoint), credentials.access_key_id,
                                        credentials.secret_access_key, transport_, clock_);
}

absl::StatusOr<Credentials> EcsS3Access::OwnerKey(const std::string& user,
                                                  const std::string& bucket,
                                                  const CallContext& ctx) {
  absl::StatusOr<Credentials> key = users_->KeyOf(user, ctx);
  if (absl::IsNotFound(key.status())) {
    // The bucket may have been given to another owner since its owner was remembered.
    ForgetOwner(bucket);
    // The bucket exists; its owner's S3 identity does not. Callers read NOT_FOUND as "no such
    // bucket" (a forced delete would report a bucket that stays as deleted).
    return absl::FailedPreconditionError(absl::StrCat(
        "owner '", user, "' of bucket '", bucket, "' has no object user in namespace '",
        config_.namespace_name, "' (", key.status().message(), ")"));
  }
  return key;
}

absl::Status EcsS3Access::AsUser(const std::string& user, const std::string& bucket,
                                 const CallContext& ctx, const S3Call& call) {
  const absl::Time start = clock_->Now();
  absl::Duration backoff = kFirstBackoff;
  bool reread = false;
  for (;;) {
    ASSIGN_OR_RETURN(Credentials credentials, OwnerKey(user, bucket, ctx));
    absl::Status status = call(*Client(credentials, /*public_endpoint=*/false));
    if (!absl::IsUnauthenticated(status)) return status;
    // The cached key may be stale (rotated, user re-created): read it again once at once.
    users_->ForgetKey(user);
    if (!reread) {
      reread = true;
      continue;
    }
    // ECS's own key, still refused: S3 nodes learn new keys within two minutes. Refused for
    // that long, the key is wrong (permanent); the caller's deadline cutting the wait short is
    // not such an answer, and a retry may find the key active.
    const absl::Time now = clock_->Now();
    if (now - start + backoff > kKeyPropagation) return status;
    if (now + backoff >= ctx.deadline()) {
      return absl::UnavailableError(absl::StrCat("the new key of '", user,
                                                 "' is not yet active on all ECS nodes; retry (",
                                                 status.message(), ")"));
    }
    RETURN_IF_ERROR(SleepUnlessCancelled(clock_, backoff, ctx, user));
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

absl::Status EcsS3Access::AsOwner(const std::string& bucket, const CallContext& ctx,
                                  const S3Call& call) {
  ASSIGN_OR_RETURN(std::string owner, OwnerOf(bucket, ctx));
  absl::Status status = AsUser(owner, bucket, ctx, call);
  if (absl::IsNotFound(status)) ForgetOwner(bucket);
  return status;
}

absl::StatusOr<std::unique_ptr<s3::S3Client>> EcsS3Access::ClientFor(const std::string& bucket,
                                                                     bool public_endpoint,
                                                                     const CallContext& ctx) {
  ASSIGN_OR_RETURN(std::string owner, OwnerOf(bucket, ctx));
  ASSIGN_OR_RETURN(Credentials credentials, OwnerKey(owner, bucket, ctx));
  return Client(credentials, public_endpoint);
}

absl::StatusOr<std::string> EcsS3Access::OwnerOf(const std::string& bucket,
                                                 const CallContext& ctx) {
  if (std::optional<std::string> owner = owners_.Find(bucket)) return *std::move(owner);
  const uint64_t generation = owners_.Generation();
  ASSIGN_OR_RETURN(EcsBucket info, mgmt_->GetBucket(bucket, ctx));
  owners_.PutUnlessForgotten(bucket, info.owner, generation);
  return info.owner;
}

void EcsS3Access::RememberOwner(const std::string& bucket, const std::string& user) {
  owners_.Put(bucket, user);
}

void EcsS3Access::ForgetOwner(const std::string& bucket) { owners_.Forget(bucket); }

}  // namespace osp::providers::ecs
