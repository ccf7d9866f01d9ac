#include "providers/ecs/ecs_spec.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace osp::providers::ecs {
absl::Status CheckSupported(const BucketSpec& spec) {
  if (spec.object_lock) {
    return absl::InvalidArgumentError(
        "object_lock: object lock is not supported by the ECS backend");
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
  for (size_t i = 0; i < spec.cors_rules.size(); ++i) {
    // S3 refuses such a rule only after the bucket exists: refuse it before anything is made.
    if (spec.cors_rules[i].allowed_origins.empty() || spec.cors_rules[i].allowed_methods.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cors_rules[", i, "]: a CORS rule needs an allowed origin and an allowed method"));
    }
  }
  if (spec.policy.kind == PolicyKind::kCustom &&
      absl::StripAsciiWhitespace(spec.policy.json).empty()) {
    return absl::InvalidArgumentError("policy.json: required for a custom policy");
  }
  return absl::OkStatus();
}

bool SameCorsRules(const std::vector<CorsRule>& a, const std::vector<CorsRule>& b) {
  auto sorted = [](std::vector<std::string> values) {
    std::sort(values.begin(), values.end());
    return values;
  };
  auto same = [&](const CorsRule& x, const CorsRule& y) {
    return sorted(x.allowed_origins) == sorted(y.allowed_origins) &&
           sorted(x.allowed_methods) == sorted(y.allowed_methods) &&
           sorted(x.allowed_headers) == sorted(y.allowed_headers) &&
           sorted(x.expose_headers) == sorted(y.expose_headers) &&
           x.max_age_seconds == y.max_age_seconds;
  };
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), same);
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
