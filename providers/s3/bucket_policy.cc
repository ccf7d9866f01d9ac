#include "providers/s3/bucket_policy.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace osp::providers::s3 {
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
  // Not value("Effect", ""): it throws on a non-string Effect.
  return statement.contains("Effect") && statement["Effect"] == "Allow" &&
         statement.contains("Principal") && IsAnyone(statement["Principal"]) &&
         statement.contains("Action") && IsOneOf(statement["Action"], "s3:GetObject") &&
         statement.contains("Resource") &&
         IsOneOf(statement["Resource"], absl::StrCat("arn:aws:s3:::", bucket, "/*"));
}

// The form SamePolicy compares documents in. Backends store a policy in their own spelling
// (MinIO answers "Principal":"*" as {"AWS":["*"]} and every single value as an array), so a
// one-element array stands for its element, larger arrays are sets (sorted, duplicates
// dropped), and the anyone principal "*" is {"AWS":"*"}. Everything else is kept as written.
json Canonical(const json& value) {
  if (value.is_array()) {
    std::vector<json> items;
    items.reserve(value.size());
    for (const json& item : value) items.push_back(Canonical(item));
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    if (items.size() == 1) return items.front();
    return json(std::move(items));
  }
  if (!value.is_object()) return value;
  json out = json::object();
  for (const auto& [key, item] : value.items()) {
    json canonical = Canonical(item);
    if ((key == "Principal" || key == "NotPrincipal") && canonical == "*") {
      canonical = json{{"AWS", "*"}};
    }
    out[key] = std::move(canonical);
  }
  return out;
}

// `policy` as it reads back once stored on `bucket`: kUnspecified is kPrivate, and a custom
// document is classified like a stored one (the public-read document is kPublicRead).
Policy AsStored(const Policy& policy, absl::string_view bucket) {
  switch (policy.kind) {
    case PolicyKind::kCustom:
      return PolicyFromDocument(policy.json, bucket);
    case PolicyKind::kUnspecified:
      return Policy{PolicyKind::kPrivate, ""};
    case PolicyKind::kPrivate:
    case PolicyKind::kPublicRead:
      break;
  }
  return policy;
}

}  // namespace

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

bool SamePolicy(const Policy& a, const Policy& b, absl::string_view bucket) {
  const Policy stored_a = AsStored(a, bucket);
  const Policy stored_b = AsStored(b, bucket);
  if (stored_a.kind != stored_b.kind) return false;
  if (stored_a.kind != PolicyKind::kCustom) return true;
  const json ja = json::parse(stored_a.json, nullptr, false);
  const json jb = json::parse(stored_b.json, nullptr, false);
  if (ja.is_discarded() || jb.is_discarded()) return stored_a.json == stored_b.json;
  return Canonical(ja) == Canonical(jb);
}

}  // namespace osp::providers::s3
