#include "server/bucket_convert.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "providers/base/status_macros.h"
#include "server/field_path.h"
#include "server/time_convert.h"

namespace osp::server {
namespace {

absl::Status UnknownEnumValue(absl::string_view enum_name, int value) {
  return absl::InvalidArgumentError(absl::StrCat("unknown ", enum_name, " value ", value));
}

std::vector<std::string> ToVector(const google::protobuf::RepeatedPtrField<std::string>& in) {
  return {in.begin(), in.end()};
}

void CopyTo(const std::vector<std::string>& in,
            google::protobuf::RepeatedPtrField<std::string>* out) {
  out->Assign(in.begin(), in.end());
}

}  // namespace

absl::StatusOr<providers::Versioning> FromProto(v1::VersioningState value) {
  switch (value) {
    case v1::VERSIONING_STATE_UNSPECIFIED:
      return providers::Versioning::kUnspecified;
    case v1::VERSIONING_STATE_OFF:
      return providers::Versioning::kOff;
    case v1::VERSIONING_STATE_ENABLED:
      return providers::Versioning::kEnabled;
    case v1::VERSIONING_STATE_SUSPENDED:
      return providers::Versioning::kSuspended;
    default:
      return UnknownEnumValue("VersioningState", value);
  }
}

v1::VersioningState ToProto(providers::Versioning value) {
  switch (value) {
    case providers::Versioning::kUnspecified:
      return v1::VERSIONING_STATE_UNSPECIFIED;
    case providers::Versioning::kOff:
      return v1::VERSIONING_STATE_OFF;
    case providers::Versioning::kEnabled:
      return v1::VERSIONING_STATE_ENABLED;
    case providers::Versioning::kSuspended:
      return v1::VERSIONING_STATE_SUSPENDED;
  }
  return v1::VERSIONING_STATE_UNSPECIFIED;
}

absl::StatusOr<providers::Encryption> FromProto(v1::Encryption value) {
  switch (value) {
    case v1::ENCRYPTION_UNSPECIFIED:
      return providers::Encryption::kUnspecified;
    case v1::ENCRYPTION_NONE:
      return providers::Encryption::kNone;
    case v1::ENCRYPTION_SSE_S3:
      return providers::Encryption::kSseS3;
    default:
      return UnknownEnumValue("Encryption", value);
  }
}

v1::Encryption ToProto(providers::Encryption value) {
  switch (value) {
    case providers::Encryption::kUnspecified:
      return v1::ENCRYPTION_UNSPECIFIED;
    case providers::Encryption::kNone:
      return v1::ENCRYPTION_NONE;
    case providers::Encryption::kSseS3:
      return v1::ENCRYPTION_SSE_S3;
  }
  return v1::ENCRYPTION_UNSPECIFIED;
}

absl::StatusOr<providers::PolicyKind> FromProto(v1::PolicyKind value) {
  switch (value) {
    case v1::POLICY_KIND_UNSPECIFIED:
      return providers::PolicyKind::kUnspecified;
    case v1::POLICY_KIND_PRIVATE:
      return providers::PolicyKind::kPrivate;
    case v1::POLICY_KIND_PUBLIC_READ:
      return providers::PolicyKind::kPublicRead;
    case v1::POLICY_KIND_CUSTOM:
      return providers::PolicyKind::kCustom;
    default:
      return UnknownEnumValue("PolicyKind", value);
  }
}

v1::PolicyKind ToProto(providers::PolicyKind value) {
  switch (value) {
    case providers::PolicyKind::kUnspecified:
      return v1::POLICY_KIND_UNSPECIFIED;
    case providers::PolicyKind::kPrivate:
      return v1::POLICY_KIND_PRIVATE;
    case providers::PolicyKind::kPublicRead:
      return v1::POLICY_KIND_PUBLIC_READ;
    case providers::PolicyKind::kCustom:
      return v1::POLICY_KIND_CUSTOM;
  }
  return v1::POLICY_KIND_UNSPECIFIED;
}

providers::Quota FromProto(const v1::Quota& quota) {
  providers::Quota out;
  out.max_bytes = quota.max_bytes();
  out.max_objects = quota.max_objects();
  return out;
}

v1::Quota ToProto(const providers::Quota& quota) {
  v1::Quota out;
  out.set_max_bytes(quota.max_bytes);
  out.set_max_objects(quota.max_objects);
  return out;
}

absl::StatusOr<providers::Policy> FromProto(const v1::Policy& policy) {
  providers::Policy out;
  ASSIGN_OR_RETURN(out.kind, AtField("kind", FromProto(policy.kind())));
  out.json = policy.json();
  return out;
}

v1::Policy ToProto(const providers::Policy& policy) {
  v1::Policy out;
  out.set_kind(ToProto(policy.kind));
  out.set_json(policy.json);
  return out;
}

providers::CorsRule FromProto(const v1::CorsRule& rule) {
  providers::CorsRule out;
  out.allowed_origins = ToVector(rule.allowed_origins());
  out.allowed_methods = ToVector(rule.allowed_methods());
  out.allowed_headers = ToVector(rule.allowed_headers());
  out.expose_headers = ToVector(rule.expose_headers());
  out.max_age_seconds = rule.max_age_seconds();
  return out;
}

v1::CorsRule ToProto(const providers::CorsRule& rule) {
  v1::CorsRule out;
  CopyTo(rule.allowed_origins, out.mutable_allowed_origins());
  CopyTo(rule.allowed_methods, out.mutable_allowed_methods());
  CopyTo(rule.allowed_headers, out.mutable_allowed_headers());
  CopyTo(rule.expose_headers, out.mutable_expose_headers());
  out.set_max_age_seconds(rule.max_age_seconds);
  return out;
}

absl::StatusOr<providers::BucketSpec> FromProto(const v1::BucketSpec& spec) {
  providers::BucketSpec out;
  out.name = spec.name();
  out.owner = spec.owner();
  out.quota = FromProto(spec.quota());
  ASSIGN_OR_RETURN(out.versioning, AtField("versioning", FromProto(spec.versioning())));
  ASSIGN_OR_RETURN(out.encryption, AtField("encryption", FromProto(spec.encryption())));
  out.object_lock = spec.object_lock();
  ASSIGN_OR_RETURN(out.policy, PrefixFieldPath("policy", FromProto(spec.policy())));
  out.tags.insert(spec.tags().begin(), spec.tags().end());
  for (const v1::CorsRule& rule : spec.cors_rules()) out.cors_rules.push_back(FromProto(rule));
  return out;
}

v1::BucketSpec ToProto(const providers::BucketSpec& spec) {
  v1::BucketSpec out;
  out.set_name(spec.name);
  out.set_owner(spec.owner);
  *out.mutable_quota() = ToProto(spec.quota);
  out.set_versioning(ToProto(spec.versioning));
  out.set_encryption(ToProto(spec.encryption));
  out.set_object_lock(spec.object_lock);
  *out.mutable_policy() = ToProto(spec.policy);
  out.mutable_tags()->insert(spec.tags.begin(), spec.tags.end());
  for (const providers::CorsRule& rule : spec.cors_rules) *out.add_cors_rules() = ToProto(rule);
  return out;
}

providers::BucketUsage FromProto(const v1::BucketUsage& usage) {
  providers::BucketUsage out;
  out.bucket = usage.bucket();
  out.bytes = usage.bytes();
  out.objects = usage.objects();
  return out;
}

v1::BucketUsage ToProto(const providers::BucketUsage& usage) {
  v1::BucketUsage out;
  out.set_bucket(usage.bucket);
  out.set_bytes(usage.bytes);
  out.set_objects(usage.objects);
  return out;
}

absl::StatusOr<providers::Bucket> FromProto(const v1::Bucket& bucket) {
  providers::Bucket out;
  ASSIGN_OR_RETURN(out.spec, PrefixFieldPath("spec", FromProto(bucket.spec())));
  out.usage = FromProto(bucket.usage());
  out.public_url = bucket.public_url();
  out.private_url = bucket.private_url();
  if (bucket.has_created_at()) out.created_at = FromProto(bucket.created_at());
  return out;
}

v1::Bucket ToProto(const providers::Bucket& bucket) {
  v1::Bucket out;
  *out.mutable_spec() = ToProto(bucket.spec);
  *out.mutable_usage() = ToProto(bucket.usage);
  out.set_public_url(bucket.public_url);
  out.set_private_url(bucket.private_url);
  if (bucket.created_at.has_value()) *out.mutable_created_at() = ToProto(*bucket.created_at);
  return out;
}

absl::StatusOr<providers::BucketUpdateMask> FromProto(const google::protobuf::FieldMask& mask) {
  providers::BucketUpdateMask out;
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& path = mask.paths(i);
    if (path == "quota") {
      out.quota = true;
    } else if (path == "versioning") {
      out.versioning = true;
    } else if (path == "policy") {
      out.policy = true;
    } else if (path == "encryption") {
      out.encryption = true;
    } else if (path == "tags") {
      out.tags = true;
    } else if (path == "cors_rules") {
      out.cors_rules = true;
    } else {
      return FieldError(IndexedPath("paths", i),
                        absl::StrCat("unknown path '", path,
                                     "' (known: ", absl::StrJoin(kBucketUpdatePaths, ", "), ")"));
    }
  }
  return out;
}

google::protobuf::FieldMask ToProto(const providers::BucketUpdateMask& mask) {
  google::protobuf::FieldMask out;
  if (mask.quota) out.add_paths("quota");
  if (mask.versioning) out.add_paths("versioning");
  if (mask.policy) out.add_paths("policy");
  if (mask.encryption) out.add_paths("encryption");
  if (mask.tags) out.add_paths("tags");
  if (mask.cors_rules) out.add_paths("cors_rules");
  return out;
}

}  // namespace osp::server
