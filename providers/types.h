// Domain types of the provider layer: plain structs that mirror osp.v1 without depending on
// protobuf. server/ converts between these and the generated messages. Value types;
// thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "providers/base/secret.h"

namespace osp::providers {

enum class Versioning { kUnspecified, kOff, kEnabled, kSuspended };
enum class Encryption { kUnspecified, kNone, kSseS3 };
enum class PolicyKind { kUnspecified, kPrivate, kPublicRead, kCustom };
enum class PresignMethod { kGet, kPut };

struct Policy {
  PolicyKind kind = PolicyKind::kUnspecified;
  std::string json;  // The document, for kCustom (and as stored, on read).
  friend bool operator==(const Policy& a, const Policy& b) {
    return a.kind == b.kind && a.json == b.json;
  }
};

// Zero means "no limit".
struct Quota {
  int64_t max_bytes = 0;
  int64_t max_objects = 0;
  friend bool operator==(const Quota& a, const Quota& b) {
    return a.max_bytes == b.max_bytes && a.max_objects == b.max_objects;
  }
};

struct CorsRule {
  std::vector<std::string> allowed_origins;
  std::vector<std::string> allowed_methods;
  std::vector<std::string> allowed_headers;
  std::vector<std::string> expose_headers;
  int32_t max_age_seconds = 0;
  friend bool operator==(const CorsRule& a, const CorsRule& b) {
    return a.allowed_origins == b.allowed_origins && a.allowed_methods == b.allowed_methods &&
           a.allowed_headers == b.allowed_headers && a.expose_headers == b.expose_headers &&
           a.max_age_seconds == b.max_age_seconds;
  }
};

struct Credentials {
  std::string access_key_id;
  base::Secret secret_access_key;
  std::optional<absl::Time> expires_at;
};

struct BucketSpec {
  std::string name;
  std::string owner;  // Account id, not the backend user name.
  Quota quota;
  Versioning versioning = Versioning::kUnspecified;
  Encryption encryption = Encryption::kUnspecified;
  bool object_lock = false;
  Policy policy;
  std::map<std::string, std::string> tags;
  std::vector<CorsRule> cors_rules;
};

struct BucketUsage {
  std::string bucket;
  int64_t bytes = 0;
  int64_t objects = 0;
};

struct Bucket {
  BucketSpec spec;
  BucketUsage usage;
  std::string public_url;
  std::string private_url;
  std::optional<absl::Time> created_at;
};

// Which BucketSpec fields an UpdateBucket changes.
struct BucketUpdateMask {
  bool quota = false;
  bool versioning = false;
  bool policy = false;
  bool encryption = false;
  bool tags = false;
  bool cors_rules = false;
  bool empty() const {
    return !(quota || versioning || policy || encryption || tags || cors_rules);
  }
};

struct BucketPage {
  std::vector<Bucket> buckets;
  std::string next_page_token;  // Empty on the last page.
};

struct UserResult {
  std::string user_name;
  Credentials credentials;
  bool created = false;
};

struct Capabilities {
  bool encryption_at_create = false;
  bool encryption_update = false;
  bool versioning = false;
  bool object_lock = false;
  bool quota_bytes = false;
  bool quota_objects = false;
  bool canned_policies = false;
  bool raw_policy = false;
  bool usage = false;
  bool per_bucket_keys = false;
  bool key_rotation = false;
  bool presign = false;
  bool cors = false;
  bool tags = false;
  int32_t max_access_keys = 0;
};

struct BackendCheck {
  std::string name;
  bool ok = false;
  std::string message;
  absl::Duration latency;
};

struct BackendEndpoint {
  std::string name;  // "management", "s3_public", "s3_private", "admin".
  std::string url;
};

struct ObjectInfo {
  std::string key;
  int64_t size = 0;
  std::string etag;
  std::optional<absl::Time> last_modified;
  std::string content_type;
  std::string version_id;
  bool is_latest = false;
  bool delete_marker = false;
  std::string storage_class;
  std::map<std::string, std::string> metadata;
};

struct ListObjectsOptions {
  std::string prefix;
  std::string delimiter;
  int32_t page_size = 1000;
  std::string page_token;
  bool versions = false;
};

struct ObjectPage {
  std::vector<ObjectInfo> objects;
  std::vector<std::string> common_prefixes;
  std::string next_page_token;
};

struct PutObjectHeader {
  std::string bucket;
  std::string key;
  std::string content_type;
  std::map<std::string, std::string> metadata;
  std::optional<int64_t> size;
  std::string sha256_hex;  // Empty: not checked.
};

struct PutObjectResult {
  std::string key;
  int64_t size = 0;
  std::string etag;
  std::string version_id;
};

struct ByteRange {
  int64_t offset = 0;
  int64_t length = 0;  // 0: to the end.
};

struct GetObjectRequest {
  std::string bucket;
  std::string key;
  std::string version_id;
  std::optional<ByteRange> range;
};

struct ObjectIdentifier {
  std::string key;
  std::string version_id;
};

struct DeleteObjectError {
  ObjectIdentifier object;
  std::string code;
  std::string message;
};

struct DeleteObjectsResult {
  std::vector<ObjectIdentifier> deleted;
  std::vector<DeleteObjectError> errors;
};

struct PresignRequest {
  std::string bucket;
  std::string key;
  std::string version_id;
  PresignMethod method = PresignMethod::kGet;
  absl::Duration ttl = absl::Minutes(15);
};

struct PresignResult {
  base::Secret url;  // A bearer credential until it expires.
  absl::Time expires_at;
};

// Pulls the next chunk of an upload into `chunk`. Returns false at the end of the data, or an
// error (the caller's stream broke or was cancelled).
using ChunkReader = std::function<absl::StatusOr<bool>(std::string* chunk)>;
// Receives the next chunk of a download. A non-OK return aborts the transfer with that status.
using ChunkWriter = std::function<absl::Status(absl::string_view chunk)>;

}  // namespace osp::providers
