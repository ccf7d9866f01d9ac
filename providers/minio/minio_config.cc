#include "providers/minio/minio_config.h"

#include <cstdint>

#include "providers/base/setting_checks.h"
#include "providers/base/status_macros.h"

namespace osp::providers::minio {
namespace {

using base::FieldError;

constexpr absl::Duration kMaxPresignTtl = absl::Hours(24 * 7);
constexpr size_t kMinSeedBytes = 32;

}  // namespace

absl::StatusOr<MinioConfig> MinioConfig::FromSettings(const BackendSettings& settings) {
  MinioConfig c;
  c.backend_id = settings.id;
  ASSIGN_OR_RETURN(std::string endpoint, settings.GetString("endpoint"));
  c.endpoint = base::WithoutTrailingSlash(std::move(endpoint));
  ASSIGN_OR_RETURN(c.access_key, settings.GetString("access_key"));
  ASSIGN_OR_RETURN(c.secret_key, settings.GetSecret("secret_key"));
  ASSIGN_OR_RETURN(c.region, settings.GetString("region", c.region));
  ASSIGN_OR_RETURN(c.user_prefix, settings.GetString("user_prefix", c.user_prefix));
  ASSIGN_OR_RETURN(std::string public_url, settings.GetString("s3_public_url"));
  c.s3_public_url = base::WithoutTrailingSlash(std::move(public_url));
  if (c.s3_public_url.empty()) c.s3_public_url = c.endpoint;
  ASSIGN_OR_RETURN(c.insecure_skip_verify, settings.GetBool("insecure_skip_verify", false));
  ASSIGN_OR_RETURN(c.ca_file, settings.GetString("ca_file"));
  ASSIGN_OR_RETURN(c.user_secret_seed, settings.GetSecret("user_secret_seed"));
  ASSIGN_OR_RETURN(int64_t timeout, settings.GetInt("request_timeout_seconds", 30));
  c.request_timeout = absl::Seconds(timeout);
  ASSIGN_OR_RETURN(int64_t presign_ttl,
                   settings.GetInt("max_presign_ttl_seconds", kMaxPresignTtl / absl::Seconds(1)));
  c.max_presign_ttl = absl::Seconds(presign_ttl);
  RETURN_IF_ERROR(c.Validate());
  return c;
}

absl::Status MinioConfig::Validate() const {
  if (endpoint.empty()) return FieldError("endpoint", "required");
  if (!base::IsHttpUrl(endpoint))
    return FieldError("endpoint", "must be an https:// or http:// URL");
  if (access_key.empty()) return FieldError("access_key", "required");
  if (secret_key.empty()) return FieldError("secret_key_file or secret_key_env", "required");
  if (region.empty()) return FieldError("region", "must not be empty");
  // Without a prefix every user and canned policy of the server (MinIO's built-in readonly,
  // readwrite, ...) would read as an account of ours.
  if (user_prefix.empty()) return FieldError("user_prefix", "must not be empty");
  if (!base::IsPlainName(user_prefix, "._@-")) {
    return FieldError("user_prefix", "only letters, digits, '.', '_', '@' and '-' are allowed");
  }
  if (!s3_public_url.empty() && !base::IsHttpUrl(s3_public_url)) {
    return FieldError("s3_public_url", "must be an https:// or http:// URL");
  }
  if (insecure_skip_verify && !ca_file.empty()) {
    return FieldError("insecure_skip_verify", "cannot be combined with ca_file");
  }
  if (user_secret_seed.Reveal().size() < kMinSeedBytes) {
    return FieldError("user_secret_seed_file or user_secret_seed_env",
                      "must hold at least 32 bytes");
  }
  if (request_timeout <= absl::ZeroDuration()) {
    return FieldError("request_timeout_seconds", "must be positive");
  }
  if (max_presign_ttl <= absl::ZeroDuration() || max_presign_ttl > kMaxPresignTtl) {
    return FieldError("max_presign_ttl_seconds", "must be between 1 and 604800");
  }
  return absl::OkStatus();
}

}  // namespace osp::providers::minio
