// Conversions between the bucket messages of osp.v1 (enums, Quota, Policy, CorsRule, BucketSpec,
// BucketUsage, Bucket, the UpdateBucket field mask) and providers/types.h. Errors are
// INVALID_ARGUMENT with a message starting with the field path relative to the converted message.
// Stateless; thread-safe.
#pragma once

#include <google/protobuf/field_mask.pb.h>

#include "absl/status/statusor.h"
#include "osp/v1/provider.pb.h"
#include "providers/types.h"

namespace osp::server {

// Enum values outside the proto enum (a newer client, or garbage) -> INVALID_ARGUMENT.
absl::StatusOr<providers::Versioning> FromProto(v1::VersioningState value);
v1::VersioningState ToProto(providers::Versioning value);
absl::StatusOr<providers::Encryption> FromProto(v1::Encryption value);
v1::Encryption ToProto(providers::Encryption value);
absl::StatusOr<providers::PolicyKind> FromProto(v1::PolicyKind value);
v1::PolicyKind ToProto(providers::PolicyKind value);

providers::Quota FromProto(const v1::Quota& quota);
v1::Quota ToProto(const providers::Quota& quota);
absl::StatusOr<providers::Policy> FromProto(const v1::Policy& policy);
v1::Policy ToProto(const providers::Policy& policy);
providers::CorsRule FromProto(const v1::CorsRule& rule);
v1::CorsRule ToProto(const providers::CorsRule& rule);
absl::StatusOr<providers::BucketSpec> FromProto(const v1::BucketSpec& spec);
v1::BucketSpec ToProto(const providers::BucketSpec& spec);
providers::BucketUsage FromProto(const v1::BucketUsage& usage);
v1::BucketUsage ToProto(const providers::BucketUsage& usage);
absl::StatusOr<providers::Bucket> FromProto(const v1::Bucket& bucket);
v1::Bucket ToProto(const providers::Bucket& bucket);

// The paths UpdateBucketRequest.update_mask may name (BucketSpec fields), in declaration order.
inline constexpr const char* kBucketUpdatePaths[] = {"quota",      "versioning", "policy",
                                                     "encryption", "tags",       "cors_rules"};
// An unknown path (including sub-paths such as "quota.max_bytes") -> INVALID_ARGUMENT
// "paths[i]: unknown path 'x' (known: ...)". Repeated paths are allowed.
absl::StatusOr<providers::BucketUpdateMask> FromProto(const google::protobuf::FieldMask& mask);
google::protobuf::FieldMask ToProto(const providers::BucketUpdateMask& mask);

}  // namespace osp::server
