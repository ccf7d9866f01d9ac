#include "providers/ecs/ecs_spec.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace osp::providers::ecs {
namespace {

using nlohmann::json;

// `value` is `expected`, or a one-element array holding it.
bool IsOneOf(const json& value, const std::string& expected) {
  if (value.is_string()) return value.get<std::string>() == expected;
  return value.is_array() && value.size() == 1 && value[0].is_string() &&
         value[0].get<std::string>() == expected;
}

bool IsAnyone(const json& principal) {
  if (IsOneOf(principal, "*")) return true;
  return principal.is_object() && principal.size() == 1 && principal.contains("AWS") &&
         IsOneOf(principal["AWS"], "*");
}

bool IsPublicRead(const json& doc, absl::string_view bucket) {
  if (!doc.is_object() || !doc.contains("Statement")) return false;
  json statement = doc["Statement"];
  if (statement.is_array()) {
    if (statement.size() != 1) return false;
    statement = statement[0];
  }
  if (!statement.is_object() || statement.contains("Condition")) return false;
  return statement.value("Effect", "") == "Allow" && statement.contains("Principal") &&
         IsAnyone(statement["Principal"]) && statement.contains("Action") &&
         IsOneOf(statement["Action"], "s3:GetObject") && statement.contains("Resource") &&
         IsOneOf(statement["Resource"], absl::StrCat("arn:aws:s3:::", bucket, "/*"));
}

}  // namespace

absl::Status CheckSupported(const BucketSpec& spec) {
  if (spec.object_lock) {
    return absl::InvalidArgumentError("object lock is not supported by the ECS backend");
  }
  if (spec.quota.max_objects != 0) {
    return absl::InvalidArgumentError(
        "quota.max_objects: object-count quotas are not supported by the ECS backend");
  }
  if (spec.quota.max_bytes < 0 || spec.quota.max_bytes % kGiB != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("quota.max_bytes: ECS quotas are whole GiB (multiples of ", kGiB,
                     " bytes), got ", spec.quota.max_bytes));
  }
  if (!spec.tags.empty()) {
    return absl::InvalidArgumentError("tags: bucket tags are not supported by the ECS backend");
  }
  if (!spec.cors_rules.empty()) {
    return absl::InvalidArgumentError("cors_rules: CORS is not supported by the ECS backend");
  }
  if (spec.policy.kind == PolicyKind::kCustom &&
      absl::StripAsciiWhitespace(spec.policy.json).empty()) {
    return absl::InvalidArgumentError("policy.json: required for a custom policy");
  }
  return absl::OkStatus();
}

EcsQuota ToEcsQuota(const Quota& quota) {
  EcsQuota q;
  if (quota.max_bytes > 0) q.block_gb = quota.max_bytes / kGiB;
  return q;
}

Quota FromEcsQuota(const EcsQuota& quota) {
  Quota q;
  if (quota.block_gb.has_value()) q.max_bytes = *quota.block_gb * kGiB;
  return q;
}

std::string UserName(absl::string_view prefix, absl::string_view account) {
  return absl::StrCat(prefix, account);
}

std::string AccountOf(absl::string_view prefix, absl::string_view user) {
  if (!prefix.empty() && absl::StartsWith(user, prefix) && user.size() > prefix.size()) {
    return std::string(user.substr(prefix.size()));
  }
  return std::string(user);
}

std::string PublicReadPolicy(absl::string_view bucket) {
  json statement = {{"Sid", "PublicReadGetObject"},
                    {"Effect", "Allow"},
                    {"Principal", "*"},
                    {"Action", json::array({"s3:GetObject"})},
                    {"Resource", json::array({absl::StrCat("arn:aws:s3:::", bucket, "/*")})}};
  json doc = {{"Version", "2012-10-17"}, {"Statement", json::array({statement})}};
  return doc.dump();
}

std::optional<std::string> PolicyDocument(const Policy& policy, absl::string_view bucket) {
  switch (policy.kind) {
    case PolicyKind::kPublicRead:
      return PublicReadPolicy(bucket);
    case PolicyKind::kCustom:
      return policy.json;
    case PolicyKind::kPrivate:
    case PolicyKind::kUnspecified:
      return std::nullopt;
  }
  return std::nullopt;
}

Policy PolicyFromDocument(const std::optional<std::string>& document, absl::string_view bucket) {
  if (!document.has_value() || absl::StripAsciiWhitespace(*document).empty()) {
    return Policy{PolicyKind::kPrivate, ""};
  }
  json doc = json::parse(*document, nullptr, false);
  if (!doc.is_discarded() && IsPublicRead(doc, bucket)) return Policy{PolicyKind::kPublicRead, ""};
  return Policy{PolicyKind::kCustom, *document};
}

bool SamePolicy(const Policy& a, const Policy& b) {
  auto effective = [](PolicyKind k) {
    return k == PolicyKind::kUnspecified ? PolicyKind::kPrivate : k;
  };
  if (effective(a.kind) != effective(b.kind)) return false;
  if (a.kind != PolicyKind::kCustom) return true;
  json ja = json::parse(a.json, nullptr, false);
  json jb = json::parse(b.json, nullptr, false);
  if (ja.is_discarded() || jb.is_discarded()) return a.json == b.json;
  return ja == jb;
}

const EcsSecretKeySlot* OlderKey(const EcsSecretKeys& keys) {
  if (!keys.key1.exists || !keys.key2.exists) return nullptr;
  // ECS timestamps ("2015-02-25 11:16:50.632") sort as text.
  return keys.key2.created < keys.key1.created ? &keys.key2 : &keys.key1;
}

const EcsSecretKeySlot* CurrentKey(const EcsSecretKeys& keys) {
  const EcsSecretKeySlot* older = OlderKey(keys);
  if (older == nullptr) {
    if (keys.key1.exists) return &keys.key1;
    return keys.key2.exists ? &keys.key2 : nullptr;
  }
  const EcsSecretKeySlot* newer = older == &keys.key1 ? &keys.key2 : &keys.key1;
  if (!newer->expires.empty() && older->expires.empty()) return older;
  return newer;
}

}  // namespace osp::providers::ecs
