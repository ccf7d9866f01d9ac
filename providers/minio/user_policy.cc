#include "providers/minio/user_policy.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"

namespace osp::providers::minio {
namespace {

constexpr absl::string_view kArnPrefix = "arn:aws:s3:::";

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
  const nlohmann::json policy = {{"Version", "2012-10-17"}, {"Statement", {statement}}};
  return policy.dump();
}

absl::StatusOr<std::set<std::string>> BucketsOfUserPolicy(absl::string_view policy_json) {
  auto policy = nlohmann::json::parse(policy_json.begin(), policy_json.end(), nullptr,
                                      /*allow_exceptions=*/false);
  auto invalid = [] { return absl::InvalidArgumentError("user policy: not written by ospd"); };
  if (!policy.is_object() || !policy.contains("Statement") || !policy["Statement"].is_array()) {
    return invalid();
  }
  std::set<std::string> buckets;
  for (const auto& statement : policy["Statement"]) {
    // value("Effect", "") would throw on a non-string Effect.
    if (!statement.is_object() || !statement.contains("Effect") || statement["Effect"] != "Allow") {
      continue;
    }
    auto resources = statement.find("Resource");
    if (resources == statement.end() || !resources->is_array()) return invalid();
    for (const auto& resource : *resources) {
      if (!resource.is_string()) return invalid();
      absl::string_view arn = resource.get_ref<const std::string&>();
      if (!absl::ConsumePrefix(&arn, kArnPrefix)) return invalid();
      if (!absl::StrContains(arn, '/')) buckets.insert(std::string(arn));
    }
  }
  return buckets;
}

}  // namespace osp::providers::minio
