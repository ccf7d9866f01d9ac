// EcsConfig: the settings of one ECS backend (proto/osp/v1/config.proto, message EcsConfig), read
// from BackendSettings and checked once at start-up. A plain value type; thread-compatible.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "providers/backend_settings.h"
#include "providers/base/secret.h"

namespace osp::providers::ecs {

struct EcsConfig {
  // Backend id from the config, for logs and metrics (checked by the config loader).
  std::string backend_id;
  // Management API base URL without a trailing slash, e.g. https://ecs.example.com:4443.
  // Required; http:// or https://.
  std::string management_url;
  // Management user (namespace admin or system admin). Required.
  std::string username;
  // Its password (password_file / password_env). Required.
  base::Secret password;
  // ECS namespace every call is scoped to. Required.
  std::string namespace_name;
  // Replication group for new buckets: its id (urn:storageos:ReplicationGroupInfo:...) or its
  // name, resolved to the id through the management API. Default empty: the namespace default.
  std::string replication_group;
  // S3 endpoint ospd uses (and clients inside the cloud get), without a trailing slash. Required.
  std::string s3_private_url;
  // S3 endpoint handed to clients outside, and used for presigned URLs. Default s3_private_url.
  std::string s3_public_url;
  // Object user of account A is <user_prefix>A. Default "cs-"; must not be empty.
  std::string user_prefix = "cs-";
  // Skip TLS certificate verification (test clusters only). Default false.
  bool insecure_skip_verify = false;
  // PEM CA bundle for the management and S3 endpoints. Default empty: the system store.
  std::string ca_file;
  // Bound on one backend HTTP call when the caller sets no deadline. Default 30 s.
  absl::Duration request_timeout = absl::Seconds(30);
  // Region for S3 signing. Default "us-east-1".
  std::string s3_region = "us-east-1";
  // Longest TTL PresignObject grants. Default 7 days (the SigV4 maximum).
  absl::Duration max_presign_ttl = absl::Hours(24 * 7);

  // Reads the fields (names as in config.proto) and validates them. A bad or missing field ->
  // INVALID_ARGUMENT whose message starts with the field name.
  static absl::StatusOr<EcsConfig> FromSettings(const BackendSettings& settings);

  // OK, or INVALID_ARGUMENT naming the first bad field ("namespace: required").
  absl::Status Validate() const;
};

}  // namespace osp::providers::ecs
