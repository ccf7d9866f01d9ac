// The JSON response bodies of the MinIO admin API v3 read by MinioAdminClient (user-info,
// info-canned-policy, list-canned-policies, get-bucket-quota, datausageinfo and the decrypted
// service-account bodies). Readers ignore unknown fields and treat a field of the wrong type as
// absent. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/base/secret.h"

namespace osp::providers::minio {

struct MinioUserInfo {
  std::string policy_name;  // Comma-separated policies attached to the user.
  std::string status;       // "enabled" or "disabled".
};

struct MinioBucketUsage {
  int64_t size = 0;
  int64_t objects = 0;
};

struct MinioServiceAccount {
  std::string access_key;
  base::Secret secret_key;
};

namespace admin_json {

// Every reader: a body that is not a JSON object -> INTERNAL "malformed JSON from MinIO in
// <call>"; the other failures are listed per reader.

// user-info.
absl::StatusOr<MinioUserInfo> ParseUserInfo(absl::string_view body);
// info-canned-policy (v=2): the policy document as compact JSON text. No "Policy" object ->
// INTERNAL.
absl::StatusOr<std::string> ParseCannedPolicy(absl::string_view body);
// list-canned-policies: documents (as compact JSON text) by policy name.
absl::StatusOr<std::map<std::string, std::string>> ParseCannedPolicies(absl::string_view body);
// get-bucket-quota: the hard quota in bytes ("size", else "quota"), 0 when none.
absl::StatusOr<int64_t> ParseBucketQuota(absl::string_view body);
// datausageinfo: usage by bucket name (empty when the scanner has not run yet).
absl::StatusOr<std::map<std::string, MinioBucketUsage>> ParseDataUsage(absl::string_view body);
// add-service-account (decrypted): no credentials with an access key -> INTERNAL.
absl::StatusOr<MinioServiceAccount> ParseServiceAccount(absl::string_view body);
// list-service-accounts (decrypted): the access keys.
absl::StatusOr<std::vector<std::string>> ParseServiceAccounts(absl::string_view body);

}  // namespace admin_json
}  // namespace osp::providers::minio
