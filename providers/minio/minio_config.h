// MinioConfig: the settings of one MinIO backend (proto/osp/v1/config.proto, message MinioConfig),
// read from BackendSettings and checked once at start-up. A plain value type; thread-compatible.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "providers/backend_settings.h"
#include "providers/base/secret.h"

namespace osp::providers::minio {

struct MinioConfig {
  // Backend id from the config; part of every derived user secret and of logs.
  std::string backend_id;
  // Base URL of MinIO (admin API and S3 share it), without a trailing slash. Required.
  std::string endpoint;
  // Admin credentials: access key and its secret (secret_key_file / secret_key_env). Required.
  std::string access_key;
  base::Secret secret_key;
  // Region for S3 signing. Default "us-east-1".
  std::string region = "us-east-1";
  // The user of account A is <user_prefix>A. Default "acs-"; must not be empty.
  std::string user_prefix = "acs-";
  // S3 endpoint handed to clients and used in presigned URLs. Default: endpoint.
  std::string s3_public_url;
  // Skip TLS certificate verification (test deployments only). Default false.
  bool insecure_skip_verify = false;
  // PEM CA bundle for the endpoint. Default empty: the system store.
  std::string ca_file;
  // HMAC key from which users' secret keys are derived (user_secret_seed_file / _env), at least
  // 32 bytes. Required: without it EnsureUser could not return an existing user's secret.
  base::Secret user_secret_seed;
  // Bound on one backend HTTP call when the caller sets no deadline. Default 30 s.
  absl::Duration request_timeout = absl::Seconds(30);
  // Longest TTL PresignObject grants. Default 7 days (the SigV4 maximum).
  absl::Duration max_presign_ttl = absl::Hours(24 * 7);

  // Reads the fields (names as in config.proto) and validates them. A bad or missing field ->
  // INVALID_ARGUMENT whose message starts with the field name.
  static absl::StatusOr<MinioConfig> FromSettings(const BackendSettings& settings);

  // OK, or INVALID_ARGUMENT naming the first bad field ("endpoint: required").
  absl::Status Validate() const;
};

}  // namespace osp::providers::minio
