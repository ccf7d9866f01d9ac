// The canned policy ospd keeps for each MinIO user: it grants the user s3:* on exactly the
// buckets it owns, and is the record of ownership (MinIO has no bucket owner of its own).
// A user without buckets gets a deny-all statement, since MinIO refuses empty resource lists.
// Pure functions; thread-safe.
#pragma once

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace osp::providers::minio {

// The policy document granting s3:* on `buckets` and their objects.
std::string UserPolicyJson(const std::set<std::string>& buckets);

// The buckets a document made by UserPolicyJson grants; a deny-all document -> empty set.
// Anything else -> INVALID_ARGUMENT saying why: accepted is only that exact shape (version
// 2012-10-17, one statement, Action ["s3:*"], each bucket with its objects and no wildcard), in
// any key or resource order, so that a built-in or hand-made policy (readonly, readwrite, ...)
// is never read as an ownership record and rewritten.
absl::StatusOr<std::set<std::string>> BucketsOfUserPolicy(absl::string_view policy_json);

}  // namespace osp::providers::minio
