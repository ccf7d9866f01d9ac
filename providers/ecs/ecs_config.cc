#include "providers/ecs/ecs_config.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "providers/base/setting_checks.h"
#include "providers/base/status_macros.h"

namespace osp::providers::ecs {
namespace {

using base::FieldError;
using base::IsHttpUrl;
using base::IsPlainName;
using base::WithoutTrailingSlash;

constexpr absl::Duration kMaxPresignTtl = absl::Hours(24 * 7);

}  // namespace

absl::StatusOr<EcsConfig> EcsConfig::FromSettings(const BackendSettings& settings) {
  EcsConfig c;
  c.backend_id = settings.id;
  ASSIGN_OR_RETURN(std::string management_url, settings.GetString("management_url"));
  c.management_url = WithoutTrailingSlash(std::move(management_url));
  ASSIGN_OR_RETURN(c.username, settings.GetString("username"));
  ASSIGN_OR_RETURN(c.password, settings.GetSecret("password"));
  ASSIGN_OR_RETURN(c.namespace_name, settings.GetString("namespace"));
  ASSIGN_OR_RETURN(c.replication_group, settings.GetString("replication_group"));
  ASSIGN_OR_RETURN(std::string private_url, settings.GetString("s3_private_url"));
  c.s3_private_url = WithoutTrailingSlash(std::move(private_url));
  ASSIGN_OR_RETURN(std::string public_url, settings.GetString("s3_public_url"));
  c.s3_public_url = WithoutTrailingSlash(std::move(public_url));
  if (c.s3_public_url.empty()) c.s3_public_url = c.s3_private_url;
  ASSIGN_OR_RETURN(c.user_prefix, settings.GetString("user_prefix", c.user_prefix));
  ASSIGN_OR_RETURN(c.insecure_skip_verify, settings.GetBool("insecure_skip_verify", false));
  ASSIGN_OR_RETURN(c.ca_file, settings.GetString("ca_file"));
  ASSIGN_OR_RETURN(int64_t timeout, settings.GetInt("request_timeout_seconds", 30));
  c.request_timeout = absl::Seconds(timeout);
  ASSIGN_OR_RETURN(c.s3_region, settings.GetString("s3_region", c.s3_region));
  ASSIGN_OR_RETURN(int64_t presign_ttl,
                   settings.GetInt("max_presign_ttl_seconds", kMaxPresignTtl / absl::Seconds(1)));
  c.max_presign_ttl = absl::Seconds(presign_ttl);
  RETURN_IF_ERROR(c.Validate());
  return c;
}

absl::Status EcsConfig::Validate() const {
  if (management_url.empty()) return FieldError("management_url", "required");
  if (!IsHttpUrl(management_url)) {
    return FieldError("management_url", "must be an https:// or http:// URL");
  }
  if (username.empty()) return FieldError("username", "required");
  if (password.empty()) return FieldError("password_file or password_env", "required");
  if (namespace_name.empty()) return FieldError("namespace", "required");
  if (!IsPlainName(namespace_name, "._-")) {
    return FieldError("namespace", "only letters, digits, '.', '_' and '-' are allowed");
  }
  if (!IsPlainName(replication_group, ":._-")) {
    return FieldError("replication_group",
                      "only letters, digits, ':', '.', '_' and '-' are allowed");
  }
  if (s3_private_url.empty()) return FieldError("s3_private_url", "required");
  if (!IsHttpUrl(s3_private_url)) {
    return FieldError("s3_private_url", "must be an https:// or http:// URL");
  }
  if (!s3_public_url.empty() && !IsHttpUrl(s3_public_url)) {
    return FieldError("s3_public_url", "must be an https:// or http:// URL");
  }
  // Without a prefix every user and canned policy of the server (MinIO's built-in readonly,
  // readwrite, ...) would read as an account of ours.
  if (user_prefix.empty()) return FieldError("user_prefix", "must not be empty");
  if (!IsPlainName(user_prefix, "._@-")) {
    return FieldError("user_prefix", "only letters, digits, '.', '_', '@' and '-' are allowed");
  }
  if (insecure_skip_verify && !ca_file.empty()) {
    return FieldError("insecure_skip_verify", "cannot be combined with ca_file");
  }
  if (request_timeout <= absl::ZeroDuration()) {
    return FieldError("request_timeout_seconds", "must be positive");
  }
  if (s3_region.empty()) return FieldError("s3_region", "must not be empty");
  if (max_presign_ttl <= absl::ZeroDuration() || max_presign_ttl > kMaxPresignTtl) {
    return FieldError("max_presign_ttl_seconds", "must be between 1 and 604800");
  }
  return absl::OkStatus();
}

}  // namespace osp::providers::ecs
