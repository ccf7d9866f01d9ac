#include "server/field_rules.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "providers/base/status_macros.h"
#include "server/field_path.h"
#include "server/time_convert.h"

namespace osp::server {
namespace {

// Length in code points of valid UTF-8 (shortest forms, no surrogates, at most U+10FFFF), or
// -1 if `s` is not valid UTF-8.
int64_t Utf8Length(absl::string_view s) {
  int64_t count = 0;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char lead = static_cast<unsigned char>(s[i]);
    int extra = 0;
    uint32_t code_point = 0;
    if (lead < 0x80) {
      code_point = lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
      extra = 1;
      code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      extra = 2;
      code_point = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      extra = 3;
      code_point = lead & 0x07;
    } else {
      return -1;
    }
    if (i + extra >= s.size()) return -1;  // Truncated sequence.
    for (int k = 1; k <= extra; ++k) {
      const unsigned char next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xC0) != 0x80) return -1;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    const bool overlong =
        (extra == 2 && code_point < 0x800) || (extra == 3 && code_point < 0x10000);
    const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
    if (overlong || surrogate || code_point > 0x10FFFF) return -1;
    i += extra + 1;
    ++count;
  }
  return count;
}

bool HasControlCharacter(absl::string_view s) {
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return true;
  }
  return false;
}

// What is wrong with `value` as UTF-8 text of at most `max_chars` code points and `max_bytes`
// bytes without control characters (and, if `required`, not empty); empty if nothing is.
std::string TextProblem(absl::string_view value, bool required, int64_t max_chars,
                        size_t max_bytes) {
  if (required && value.empty()) return "required";
  if (value.size() > max_bytes) return absl::StrCat("longer than ", max_bytes, " bytes");
  const int64_t length = Utf8Length(value);
  if (length < 0) return "not valid UTF-8";
  if (HasControlCharacter(value)) return "contains a control character";
  if (length > max_chars) return absl::StrCat("longer than ", max_chars, " characters");
  return "";
}

bool IsIpv4Address(absl::string_view name) {
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '.');
  if (parts.size() != 4) return false;
  for (absl::string_view part : parts) {
    if (part.empty() || part.size() > 3) return false;
    for (char c : part) {
      if (!absl::ascii_isdigit(c)) return false;
    }
  }
  return true;
}

absl::Status CheckEnum(absl::string_view path, int value, bool known, bool required) {
  if (!known) return FieldError(path, absl::StrCat("unknown value ", value));
  if (required && value == 0) return FieldError(path, "required");
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckRequired(absl::string_view path, absl::string_view value) {
  if (value.empty()) return FieldError(path, "required");
  return absl::OkStatus();
}

absl::Status CheckText(absl::string_view path, absl::string_view value, size_t max_bytes) {
  const std::string problem =
      TextProblem(value, /*required=*/false, std::numeric_limits<int64_t>::max(), max_bytes);
  if (!problem.empty()) return FieldError(path, problem);
  return absl::OkStatus();
}

absl::Status CheckBucketName(absl::string_view path, absl::string_view name) {
  if (name.empty()) return FieldError(path, "required");
  if (name.size() < 3 || name.size() > 63) {
    return FieldError(path, absl::StrCat("'", name, "' must be 3-63 characters long"));
  }
  for (char c : name) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '.' || c == '-')) {
      return FieldError(path, absl::StrCat("'", name,
                                           "' may contain only lower-case letters, digits, '.' "
                                           "and '-'"));
    }
  }
  if (!absl::ascii_isalnum(name.front()) || !absl::ascii_isalnum(name.back())) {
    return FieldError(path, absl::StrCat("'", name, "' must start and end with a letter or digit"));
  }
  if (absl::StrContains(name, "..")) {
    return FieldError(path, absl::StrCat("'", name, "' must not contain '..'"));
  }
  if (IsIpv4Address(name)) {
    return FieldError(path, absl::StrCat("'", name, "' must not be an IP address"));
  }
  for (absl::string_view prefix : {"xn--", "sthree-"}) {
    if (absl::StartsWith(name, prefix)) {
      return FieldError(path, absl::StrCat("'", name, "' must not start with '", prefix, "'"));
    }
  }
  for (absl::string_view suffix : {"-s3alias", "--ol-s3"}) {
    if (absl::EndsWith(name, suffix)) {
      return FieldError(path, absl::StrCat("'", name, "' must not end with '", suffix, "'"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckAccountId(absl::string_view path, absl::string_view account_id) {
  if (account_id.empty()) return FieldError(path, "required");
  if (account_id.size() > 64) return FieldError(path, "longer than 64 characters");
  for (char c : account_id) {
    if (!(absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '@' || c == '-')) {
      return FieldError(path, "may contain only letters, digits, '.', '_', '@' and '-'");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckOptionalAccountId(absl::string_view path, absl::string_view account_id) {
  if (account_id.empty()) return absl::OkStatus();
  return CheckAccountId(path, account_id);
}

absl::Status CheckAccessKeyId(absl::string_view path, absl::string_view access_key_id) {
  if (access_key_id.empty()) return FieldError(path, "required");
  if (access_key_id.size() > 128) return FieldError(path, "longer than 128 characters");
  for (char c : access_key_id) {
    if (!absl::ascii_isgraph(c)) return FieldError(path, "may contain only printable ASCII");
  }
  return absl::OkStatus();
}

absl::Status CheckObjectKey(absl::string_view path, absl::string_view key) {
  if (key.empty()) return FieldError(path, "required");
  if (key.size() > 1024) return FieldError(path, "longer than 1024 bytes");
  if (Utf8Length(key) < 0) return FieldError(path, "not valid UTF-8");
  if (absl::StrContains(key, absl::string_view("\0", 1))) return FieldError(path, "contains NUL");
  for (absl::string_view segment : absl::StrSplit(key, '/')) {
    if (segment == "." || segment == "..") {
      return FieldError(path, absl::StrCat("must not contain a '", segment, "' path segment"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckVersionId(absl::string_view path, absl::string_view version_id) {
  return CheckText(path, version_id, 1024);
}

absl::Status CheckQuota(absl::string_view path, const v1::Quota& quota) {
  for (const auto& [name, value] : {std::pair<const char*, int64_t>{"max_bytes", quota.max_bytes()},
                                    {"max_objects", quota.max_objects()}}) {
    if (value < 0) return FieldError(absl::StrCat(path, ".", name), "must not be negative");
    if (value > kMaxQuotaValue) {
      return FieldError(absl::StrCat(path, ".", name), "must be at most 2^53");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckPolicy(absl::string_view path, const v1::Policy& policy, bool require_kind) {
  const std::string kind_path = absl::StrCat(path, ".kind");
  const std::string json_path = absl::StrCat(path, ".json");
  RETURN_IF_ERROR(
      CheckEnum(kind_path, policy.kind(), v1::PolicyKind_IsValid(policy.kind()), require_kind));
  if (policy.kind() != v1::POLICY_KIND_CUSTOM) {
    if (!policy.json().empty())
      return FieldError(json_path, "allowed only with POLICY_KIND_CUSTOM");
    return absl::OkStatus();
  }
  if (policy.json().empty()) return FieldError(json_path, "required with POLICY_KIND_CUSTOM");
  if (policy.json().size() > kMaxPolicyBytes) return FieldError(json_path, "longer than 20 KiB");
  const absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(policy.json());
  if (trimmed.empty() || trimmed.front() != '{' || !nlohmann::json::accept(policy.json())) {
    return FieldError(json_path, "not a JSON object");
  }
  return absl::OkStatus();
}

absl::Status CheckTags(absl::string_view path,
                       const google::protobuf::Map<std::string, std::string>& tags) {
  if (tags.size() > static_cast<size_t>(kMaxTags)) {
    return FieldError(path, absl::StrCat("more than ", kMaxTags, " tags"));
  }
  for (const auto& [key, value] : tags) {
    std::string problem = TextProblem(key, /*required=*/true, 128, 4 * 128);
    if (!problem.empty()) return FieldError(path, absl::StrCat("key ", problem));
    problem = TextProblem(value, /*required=*/false, 256, 4 * 256);
    if (!problem.empty()) return FieldError(absl::StrCat(path, "[", key, "]"), problem);
  }
  return absl::OkStatus();
}

absl::Status CheckCorsRules(absl::string_view path,
                            const google::protobuf::RepeatedPtrField<v1::CorsRule>& rules) {
  if (rules.size() > kMaxCorsRules) {
    return FieldError(path, absl::StrCat("more than ", kMaxCorsRules, " rules"));
  }
  // The size of the CORSConfiguration document S3 will get: each value inside its element
  // (<AllowedOrigin>...</AllowedOrigin> adds 31 bytes), each rule's element and max age, the root.
  size_t document_bytes = 128;
  for (int i = 0; i < rules.size(); ++i) {
    const std::string rule_path = IndexedPath(path, i);
    const v1::CorsRule& rule = rules[i];
    document_bytes += 64;
    if (rule.allowed_origins().empty())
      return FieldError(rule_path + ".allowed_origins", "required");
    if (rule.allowed_methods().empty())
      return FieldError(rule_path + ".allowed_methods", "required");
    for (int m = 0; m < rule.allowed_methods().size(); ++m) {
      const std::string& method = rule.allowed_methods(m);
      if (method != "GET" && method != "PUT" && method != "POST" && method != "DELETE" &&
          method != "HEAD") {
        return FieldError(
            IndexedPath(rule_path + ".allowed_methods", m),
            absl::StrCat("'", method, "' is not one of GET, PUT, POST, DELETE, HEAD"));
      }
    }
    for (const auto& [name, values] :
         {std::pair<const char*, const google::protobuf::RepeatedPtrField<std::string>*>{
              "allowed_origins", &rule.allowed_origins()},
          {"allowed_headers", &rule.allowed_headers()},
          {"expose_headers", &rule.expose_headers()}}) {
      const bool wildcards = values != &rule.expose_headers();
      for (int v = 0; v < values->size(); ++v) {
        const std::string value_path = IndexedPath(absl::StrCat(rule_path, ".", name), v);
        RETURN_IF_ERROR(CheckText(value_path, (*values)[v], 1024));
        document_bytes += (*values)[v].size() + 31;
        // S3 (and ECS, radosgw) refuse a second wildcard in an origin or allowed header.
        if (wildcards && std::count((*values)[v].begin(), (*values)[v].end(), '*') > 1) {
          return FieldError(value_path, "at most one '*' wildcard");
        }
      }
    }
    if (rule.max_age_seconds() < 0) {
      return FieldError(rule_path + ".max_age_seconds", "must not be negative");
    }
    document_bytes += 31 * rule.allowed_methods().size();
  }
  if (document_bytes > kMaxCorsDocumentBytes) {
    return FieldError(path, "larger than S3's 64 KiB limit for a CORS configuration");
  }
  return absl::OkStatus();
}

absl::Status CheckMetadata(absl::string_view path,
                           const google::protobuf::Map<std::string, std::string>& metadata) {
  size_t total = 0;
  for (const auto& [key, value] : metadata) {
    if (key.empty()) return FieldError(path, "empty key");
    for (char c : key) {
      if (!(absl::ascii_isalnum(c) || c == '-' || c == '_')) {
        return FieldError(path, "keys may contain only letters, digits, '-' and '_'");
      }
    }
    RETURN_IF_ERROR(CheckText(absl::StrCat(path, "[", key, "]"), value, kMaxMetadataBytes));
    total += key.size() + value.size();
  }
  if (total > kMaxMetadataBytes) return FieldError(path, "keys and values exceed 2 KiB");
  return absl::OkStatus();
}

absl::Status CheckPageSize(absl::string_view path, int32_t page_size) {
  if (page_size < 0 || page_size > kMaxPageSize) {
    return FieldError(path, absl::StrCat(page_size, " is not within 0-", kMaxPageSize));
  }
  return absl::OkStatus();
}

absl::Status CheckDuration(absl::string_view path, const google::protobuf::Duration& duration,
                           absl::Duration min, absl::Duration max) {
  const int64_t seconds = duration.seconds();
  const int32_t nanos = duration.nanos();
  if (seconds < -315576000000 || seconds > 315576000000 || nanos <= -1000000000 ||
      nanos >= 1000000000 || (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
    return FieldError(path, "not a valid Duration");
  }
  const absl::Duration value = FromProto(duration);
  if (value < min || value > max) {
    return FieldError(path,
                      absl::StrCat(absl::FormatDuration(value), " is not within ",
                                   absl::FormatDuration(min), " to ", absl::FormatDuration(max)));
  }
  return absl::OkStatus();
}

absl::Status CheckVersioning(absl::string_view path, int value, bool required) {
  return CheckEnum(path, value, v1::VersioningState_IsValid(value), required);
}

absl::Status CheckEncryption(absl::string_view path, int value, bool required) {
  return CheckEnum(path, value, v1::Encryption_IsValid(value), required);
}

absl::Status CheckPolicyKind(absl::string_view path, int value, bool required) {
  return CheckEnum(path, value, v1::PolicyKind_IsValid(value), required);
}

}  // namespace osp::server
