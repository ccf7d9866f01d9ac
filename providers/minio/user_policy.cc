#include "providers/minio/user_policy.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"

namespace osp::providers::minio {
namespace {

constexpr absl::string_view kArnPrefix = "arn:aws:s3:::";
constexpr absl::string_view kVersion = "2012-10-17";

absl::Status NotOurs(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("not a policy written by ospd: ", why));
}

// A bucket name as S3 allows it: no wildcard, no path, nothing MinIO would read as a pattern.
bool IsBucketName(absl::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '.' && c != '-') {
      return false;
    }
  }
  return true;
}

// Whether `json` has only the keys in `required` plus those in `empty_ok` holding an empty value
// (how a re-serialised document may spell an absent Sid, ID or Condition).
bool HasOnlyKeys(const nlohmann::json& json, std::initializer_list<const char*> required,
                 std::initializer_list<const char*> empty_ok) {
  size_t seen = 0;
  for (const char* key : required) {
    if (!json.contains(key)) return false;
    ++seen;
  }
  for (const char* key : empty_ok) {
    auto it = json.find(key);
    if (it == json.end()) continue;
    if (!it->empty() && !(it->is_string() && it->get_ref<const std::string&>().empty())) {
      return false;
    }
    ++seen;
  }
  return seen == json.size();
}

bool IsString(const nlohmann::json& json, absl::string_view value) {
  return json.is_string() && json.get_ref<const std::string&>() == value;
}

// Action exactly ["s3:*"].
bool AllS3Actions(const nlohmann::json& statement) {
  const nlohmann::json& action = statement["Action"];
  return action.is_array() && action.size() == 1 && IsString(action[0], "s3:*");
}

}  // namespace

std::string UserPolicyJson(const std::set<std::string>& buckets) {
  nlohmann::json statement;
  if (buckets.empty()) {
    statement = {{"Effect", "Deny"}, {"Action", {"s3:*"}}, {"Resource", {"arn:aws:s3:::*"}}};
  } else {
    nlohmann::json resources = nlohmann::json::array();
    for (const std::string& bucket : buckets) {
      resources.push_back(absl::StrCat(kArnPrefix, bucket));
      resources.push_back(absl::StrCat(kArnPrefix, bucket, "/*"));
    }
    statement = {{"Effect", "Allow"}, {"Action", {"s3:*"}}, {"Resource", resources}};
  }
  const nlohmann::json policy = {{"Version", kVersion}, {"Statement", {statement}}};
  return policy.dump();
}

absl::StatusOr<std::set<std::string>> BucketsOfUserPolicy(absl::string_view policy_json) {
  auto policy = nlohmann::json::parse(policy_json.begin(), policy_json.end(), nullptr,
                                      /*allow_exceptions=*/false);
  if (!policy.is_object() || !HasOnlyKeys(policy, {"Version", "Statement"}, {"ID"}) ||
      !IsString(policy["Version"], kVersion)) {
    return NotOurs("not a policy document of version 2012-10-17");
  }
  const nlohmann::json& statements = policy["Statement"];
  if (!statements.is_array() || statements.size() != 1) return NotOurs("not one statement");
  const nlohmann::json& statement = statements[0];
  if (!statement.is_object() ||
      !HasOnlyKeys(statement, {"Effect", "Action", "Resource"}, {"Sid", "Condition"}) ||
      !AllS3Actions(statement) || !statement["Resource"].is_array()) {
    return NotOurs("statement is not s3:* on a list of resources");
  }
  const nlohmann::json& resources = statement["Resource"];
  if (IsString(statement["Effect"], "Deny")) {
    if (resources.size() == 1 && IsString(resources[0], absl::StrCat(kArnPrefix, "*"))) {
      return std::set<std::string>();
    }
    return NotOurs("deny statement is not the deny-all one");
  }
  if (!IsString(statement["Effect"], "Allow") || resources.empty()) {
    return NotOurs("statement allows nothing");
  }
  // Each bucket must come with its objects, and nothing else may be granted.
  std::map<std::string, int> parts;  // bucket -> 1 (bucket) | 2 (bucket/*)
  for (const auto& resource : resources) {
    if (!resource.is_string()) return NotOurs("resource is not a string");
    absl::string_view arn = resource.get_ref<const std::string&>();
    if (!absl::ConsumePrefix(&arn, kArnPrefix)) return NotOurs("resource is not an S3 ARN");
    const int part = absl::ConsumeSuffix(&arn, "/*") ? 2 : 1;
    if (!IsBucketName(arn)) return NotOurs("resource is not one bucket or its objects");
    int& seen = parts[std::string(arn)];
    if ((seen & part) != 0) return NotOurs("resource listed twice");
    seen |= part;
  }
  std::set<std::string> buckets;
  for (const auto& [bucket, seen] : parts) {
    if (seen != 3) return NotOurs("a bucket is granted without its objects or the reverse");
    buckets.insert(bucket);
  }
  return buckets;
}

}  // namespace osp::providers::minio
