// Plain value types of the S3 client that have no counterpart in providers/types.h (which the
// client reuses where they match: ObjectInfo, CorsRule, Versioning, Encryption, ...).
// Value types; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "providers/types.h"

namespace osp::providers::s3 {

// Where an S3 service is and how to address buckets on it.
struct S3Endpoint {
  // Scheme and authority, optionally a path prefix: "https://s3.example.net:9021". Required.
  std::string url;
  // Signing region. Default "us-east-1" (radosgw and ECS accept any).
  std::string region = "us-east-1";
  // true: https://host/bucket/key (default; radosgw, MinIO, ECS without wildcard DNS).
  // false: virtual-host style https://bucket.host/key.
  bool path_style = true;
};

struct S3ClientOptions {
  // Size of each multipart part, and the size up to which Upload sends one PUT. Default 8 MiB;
  // S3 requires at least 5 MiB.
  int64_t part_size = 8 << 20;
  // Keys per DeleteObjects request (S3 allows at most 1000). Default 1000.
  int delete_batch_size = 1000;
  // Parts one Upload sends at once (each on its own thread). One Upload holds at most
  // (upload_concurrency + 1) * part_size bytes of data. Default 2.
  int upload_concurrency = 2;
  // Largest object of declared size that Upload streams as one PUT (above: multipart). S3 takes
  // at most 5 GiB in one PUT. Default 5 GiB.
  int64_t single_put_limit = int64_t{5} << 30;
};

struct BucketEntry {
  std::string name;
  std::optional<absl::Time> created_at;
};

struct CreateBucketOptions {
  // Creates the bucket with object lock (S3 then turns versioning on for good).
  bool object_lock = false;
  // An existing bucket is ALREADY_EXISTS even when these credentials own it
  // (BucketAlreadyOwnedByYou): for a caller that found the bucket missing and must not take
  // over one that someone else made in between. MinIO answers that code for every existing
  // bucket when the credentials are an admin's. The code answering a resend of the request
  // (HttpResponse::attempts > 1) is still OK: the first send, whose answer was lost, most
  // likely made it (the transport cannot tell a send that never arrived).
  bool refuse_existing = false;
};

// Object lock configuration of a bucket. `mode` empty means no default retention.
struct ObjectLockConfiguration {
  bool enabled = false;
  std::string mode;  // "GOVERNANCE" or "COMPLIANCE".
  int32_t days = 0;
  int32_t years = 0;
  friend bool operator==(const ObjectLockConfiguration& a, const ObjectLockConfiguration& b) {
    return a.enabled == b.enabled && a.mode == b.mode && a.days == b.days && a.years == b.years;
  }
};

struct ListObjectsV2Request {
  std::string prefix;
  std::string delimiter;
  std::string continuation_token;
  std::string start_after;
  // 1..1000; 0 leaves the server default (1000).
  int32_t max_keys = 0;
};

struct ListObjectsV2Result {
  std::vector<ObjectInfo> objects;
  std::vector<std::string> common_prefixes;
  bool is_truncated = false;
  // Pass as continuation_token for the next page; empty on the last page.
  std::string next_continuation_token;
};

struct ListVersionsRequest {
  std::string prefix;
  std::string delimiter;
  std::string key_marker;
  std::string version_id_marker;
  int32_t max_keys = 0;
};

// Versions and delete markers in the order S3 returns them (key, then newest first).
struct ListVersionsResult {
  std::vector<ObjectInfo> versions;
  std::vector<std::string> common_prefixes;
  bool is_truncated = false;
  std::string next_key_marker;
  std::string next_version_id_marker;
};

// What a PUT of a whole object, or CreateMultipartUpload, stores with the object.
struct ObjectWriteOptions {
  std::string content_type;
  // User metadata, sent as x-amz-meta-<name>.
  std::map<std::string, std::string> metadata;
};

struct CompletedPart {
  int part_number = 0;
  std::string etag;
};

// A parsed S3 <Error> document (or what an error response without a body implies).
struct S3Error {
  int http_status = 0;
  std::string code;
  std::string message;
  std::string bucket;
  std::string key;
  std::string request_id;
};

}  // namespace osp::providers::s3
