// Field rules: the syntax checks of single request fields (S3 bucket names, account ids, object
// keys, quotas, policies, tags, CORS rules, metadata, durations, ...) that RequestValidator
// combines per RPC. Each returns OK or INVALID_ARGUMENT "<path>: <what is wrong>", where `path`
// is the field path the caller passes in. Stateless; thread-safe.
#pragma once

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/map.h>
#include <google/protobuf/repeated_ptr_field.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "osp/v1/provider.pb.h"

namespace osp::server {

// Limits of the osp.v1 contract.
inline constexpr int64_t kMaxQuotaValue = int64_t{1} << 53;  // Exact in a JSON number.
inline constexpr size_t kMaxPolicyBytes = 20 * 1024;
inline constexpr int kMaxTags = 50;
inline constexpr int kMaxCorsRules = 100;
inline constexpr size_t kMaxCorsDocumentBytes = 64 * 1024;  // S3's CORSConfiguration limit.
inline constexpr size_t kMaxMetadataBytes = 2 * 1024;
inline constexpr int32_t kMaxPageSize = 1000;
inline constexpr int kMaxDeleteObjects = 1000;
inline constexpr int kMaxUsageBuckets = 1000;
inline constexpr int64_t kMaxObjectSize = int64_t{5} << 40;  // 5 TiB, S3's limit.
inline constexpr absl::Duration kMinPresignTtl = absl::Seconds(1);
inline constexpr absl::Duration kMaxPresignTtl = absl::Hours(7 * 24);

// A non-empty value (backend ids, required references).
absl::Status CheckRequired(absl::string_view path, absl::string_view value);
// UTF-8 text of at most `max_bytes` bytes without control characters (so it can go into an HTTP
// header or an XML body). Empty is allowed.
absl::Status CheckText(absl::string_view path, absl::string_view value, size_t max_bytes);

// S3 rules: 3-63 characters of [a-z0-9.-], starting and ending with a letter or digit, no "..",
// not an IPv4 address, none of the reserved prefixes ("xn--", "sthree-") and suffixes
// ("-s3alias", "--ol-s3").
absl::Status CheckBucketName(absl::string_view path, absl::string_view name);
// 1-64 characters of [A-Za-z0-9._@-].
absl::Status CheckAccountId(absl::string_view path, absl::string_view account_id);
// Empty, or a valid account id (an optional owner filter).
absl::Status CheckOptionalAccountId(absl::string_view path, absl::string_view account_id);
// 1-128 printable ASCII characters without spaces.
absl::Status CheckAccessKeyId(absl::string_view path, absl::string_view access_key_id);
// 1-1024 bytes of valid UTF-8, no NUL, no "." or ".." path segment.
absl::Status CheckObjectKey(absl::string_view path, absl::string_view key);
// Empty (the current version) or at most 1024 bytes of text.
absl::Status CheckVersionId(absl::string_view path, absl::string_view version_id);

absl::Status CheckQuota(absl::string_view path, const v1::Quota& quota);
// A known kind; POLICY_KIND_CUSTOM needs `json` (a JSON object of at most 20 KiB), every other
// kind must leave it empty. With `require_kind`, POLICY_KIND_UNSPECIFIED is refused too.
absl::Status CheckPolicy(absl::string_view path, const v1::Policy& policy, bool require_kind);
// At most 50 tags; keys 1-128 and values 0-256 characters of text.
absl::Status CheckTags(absl::string_view path,
                       const google::protobuf::Map<std::string, std::string>& tags);
// At most 100 rules, each with an origin and methods among GET, PUT, POST, DELETE, HEAD, and a
// max age >= 0.
absl::Status CheckCorsRules(absl::string_view path,
                            const google::protobuf::RepeatedPtrField<v1::CorsRule>& rules);
// Keys of [A-Za-z0-9-_], values of text, at most 2 KiB of keys and values together.
absl::Status CheckMetadata(absl::string_view path,
                           const google::protobuf::Map<std::string, std::string>& metadata);
// 0 (the default) to 1000.
absl::Status CheckPageSize(absl::string_view path, int32_t page_size);
// A well-formed Duration (parts in range, same sign) between `min` and `max`.
absl::Status CheckDuration(absl::string_view path, const google::protobuf::Duration& duration,
                           absl::Duration min, absl::Duration max);
// Enum values of the contract: known numbers only, and with `required` not the UNSPECIFIED one.
absl::Status CheckVersioning(absl::string_view path, int value, bool required);
absl::Status CheckEncryption(absl::string_view path, int value, bool required);
absl::Status CheckPolicyKind(absl::string_view path, int value, bool required);

}  // namespace osp::server
