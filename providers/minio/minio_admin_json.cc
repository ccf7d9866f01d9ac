#include "providers/minio/minio_admin_json.h"

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "providers/base/status_macros.h"

namespace osp::providers::minio::admin_json {
namespace {

using nlohmann::json;

absl::StatusOr<json> ParseObject(absl::string_view body, absl::string_view what) {
  auto parsed = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return absl::InternalError(absl::StrCat("malformed JSON from MinIO in ", what));
  }
  return parsed;
}

// json::value() throws on a field of another type; MinIO's bodies are not trusted that far.
std::string String(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

int64_t Int(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

absl::StatusOr<MinioUserInfo> ParseUserInfo(absl::string_view body) {
  ASSIGN_OR_RETURN(json object, ParseObject(body, "user-info"));
  return MinioUserInfo{String(object, "policyName"), String(object, "status")};
}

absl::StatusOr<std::string> ParseCannedPolicy(absl::string_view body) {
  ASSIGN_OR_RETURN(json object, ParseObject(body, "info-canned-policy"));
  auto policy = object.find("Policy");
  if (policy == object.end() || !policy->is_object()) {
    return absl::InternalError("MinIO info-canned-policy returned no policy document");
  }
  return policy->dump();
}

absl::StatusOr<std::map<std::string, std::string>> ParseCannedPolicies(absl::string_view body) {
  ASSIGN_OR_RETURN(json object, ParseObject(body, "list-canned-policies"));
  std::map<std::string, std::string> policies;
  for (const auto& [name, document] : object.items()) policies[name] = document.dump();
  return policies;
}

absl::StatusOr<int64_t> ParseBucketQuota(absl::string_view body) {
  ASSIGN_OR_RETURN(json object, ParseObject(body, "get-bucket-quota"));
  const int64_t size = Int(object, "size");
  return size > 0 ? size : Int(object, "quota");
}

absl::StatusOr<std::map<std::string, MinioBucketUsage>> ParseDataUsage(absl::string_view body) {
  ASSIGN_OR_RETURN(json object, ParseObject(body, "datausageinfo"));
  std::map<std::string, MinioBucketUsage> usage;
  auto buckets = object.find("bucketsUsageInfo");
  if (buckets == object.end() || !buckets->is_object()) return usage;
  for (const auto& [name, info] : buckets->items()) {
    if (!info.is_object()) continue;
    usage[name] = MinioBucketUsage{Int(info, "size"), Int(info, "objectsCount")};
  }
  return usage;
}

absl::StatusOr<MinioServiceAccount> ParseServiceAccount(absl::string_view body) {
  ASSIGN_OR_RETURN(json object, ParseObject(body, "add-service-account"));
  auto credentials = object.find("credentials");
  if (credentials == object.end() || !credentials->is_object() ||
      String(*credentials, "accessKey").empty()) {
    return absl::InternalError("MinIO add-service-account returned no credentials");
  }
  return MinioServiceAccount{String(*credentials, "accessKey"),
                             base::Secret(String(*credentials, "secretKey"))};
}

absl::StatusOr<std::vector<std::string>> ParseServiceAccounts(absl::string_view body) {
  ASSIGN_OR_RETURN(json object, ParseObject(body, "list-service-accounts"));
  std::vector<std::string> keys;
  auto accounts = object.find("accounts");
  if (accounts == object.end() || !accounts->is_array()) return keys;
  for (const auto& account : *accounts) {
    if (account.is_object()) keys.push_back(String(account, "accessKey"));
  }
  return keys;
}

}  // namespace osp::providers::minio::admin_json
