#include "providers/minio/minio_bucket_spec.h"

#include "absl/strings/str_cat.h"
#include "providers/s3/bucket_policy.h"

namespace osp::providers::minio {
namespace {

// Object lock turns versioning on and keeps it on (suspending it is refused before any call).
Versioning EffectiveVersioning(const BucketSpec& spec) {
  if (spec.object_lock) return Versioning::kEnabled;
  return spec.versioning == Versioning::kUnspecified ? Versioning::kOff : spec.versioning;
}

Encryption EffectiveEncryption(Encryption e) {
  return e == Encryption::kUnspecified ? Encryption::kNone : e;
}

}  // namespace

absl::Status CheckSupported(const BucketSpec& spec, const BucketUpdateMask& mask) {
  if (mask.quota && spec.quota.max_objects != 0) {
    return absl::InvalidArgumentError(
        "quota.max_objects: object-count quotas are not supported by the MinIO backend");
  }
  if (mask.tags && !spec.tags.empty()) {
    return absl::InvalidArgumentError("tags: bucket tags are not supported by the MinIO backend");
  }
  if (mask.cors_rules && !spec.cors_rules.empty()) {
    // MinIO's community server answers PutBucketCors with NotImplemented (per-bucket CORS is
    // an AIStor feature): CORS there is one server-wide setting (api cors_allow_origin), which a
    // bucket call must not change.
    return absl::InvalidArgumentError(
        "cors_rules: per-bucket CORS is not supported by the MinIO backend (MinIO allows "
        "origins server-wide: mc admin config set ALIAS api cors_allow_origin=...)");
  }
  return absl::OkStatus();
}

BucketUpdateMask CreateMask(const BucketSpec& spec) {
  BucketUpdateMask mask;
  mask.quota = !(spec.quota == Quota{});
  mask.versioning = !spec.object_lock && (spec.versioning == Versioning::kEnabled ||
                                          spec.versioning == Versioning::kSuspended);
  mask.encryption = spec.encryption == Encryption::kSseS3;
  mask.policy =
      spec.policy.kind == PolicyKind::kPublicRead || spec.policy.kind == PolicyKind::kCustom;
  mask.cors_rules = !spec.cors_rules.empty();
  mask.tags = !spec.tags.empty();
  return mask;
}

BucketSpec Settled(const BucketSpec& spec) {
  BucketSpec out;
  out.name = spec.name;
  out.owner = spec.owner;
  out.quota = spec.quota;
  out.versioning = EffectiveVersioning(spec);
  out.encryption = EffectiveEncryption(spec.encryption);
  out.object_lock = spec.object_lock;
  out.policy = s3::PolicyFromDocument(s3::PolicyDocument(spec.policy, spec.name), spec.name);
  return out;
}

absl::StatusOr<BucketUpdateMask> Remaining(const BucketSpec& want, const BucketSpec& current) {
  auto differs = [&](absl::string_view field) {
    return absl::AlreadyExistsError(
        absl::StrCat("bucket '", want.name, "' already exists with a different ", field));
  };
  if (want.object_lock != current.object_lock) return differs("object_lock");
  const BucketUpdateMask fresh = CreateMask(want);
  BucketUpdateMask todo;
  if (!(want.quota == current.quota)) {
    if (!(current.quota == Quota{})) return differs("quota");
    todo.quota = true;
  }
  if (EffectiveVersioning(want) != current.versioning) {
    if (current.versioning != Versioning::kOff || !fresh.versioning) return differs("versioning");
    todo.versioning = true;
  }
  if (EffectiveEncryption(want.encryption) != current.encryption) {
    if (current.encryption != Encryption::kNone) return differs("encryption");
    todo.encryption = true;
  }
  if (!s3::SamePolicy(want.policy, current.policy, want.name)) {
    if (current.policy.kind != PolicyKind::kPrivate) return differs("policy");
    todo.policy = true;
  }
  return todo;
}

}  // namespace osp::providers::minio
