#include "providers/ecs/ecs_error.h"

#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"
#include "providers/base/xml_document.h"
#include "providers/http/http_status.h"

namespace osp::providers::ecs {
namespace {

constexpr absl::string_view kCodePayload = "type.googleapis.com/osp.ecs.ErrorCode";

// Backend text quoted into a status message is cut to this length.
constexpr size_t kMaxQuoted = 300;

struct EcsError {
  std::optional<int> code;
  std::string description;
  std::string details;
};

std::string Quoted(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (text.size() <= kMaxQuoted) return std::string(text);
  return absl::StrCat(text.substr(0, kMaxQuoted), "...");
}

std::optional<int> ParseCode(absl::string_view text) {
  int code = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &code)) return std::nullopt;
  return code;
}

std::string JsonText(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}

// Reads the XML error document, ECS's flat JSON form or the ObjectScale gateway's
// {"http_status_code":..,"messages":[{"code":..,"message":..}]}. Anything else: an empty error.
EcsError ParseError(absl::string_view body) {
  EcsError e;
  absl::string_view trimmed = absl::StripLeadingAsciiWhitespace(body);
  if (absl::StartsWith(trimmed, "<")) {
    absl::StatusOr<base::XmlDocument> doc = base::XmlDocument::Parse(trimmed, "ECS error");
    if (!doc.ok()) return e;
    base::XmlElement root = doc->root();
    e.code = ParseCode(root.ChildText("code"));
    e.description = root.ChildText("description");
    e.details = root.ChildText("details");
  } else if (absl::StartsWith(trimmed, "{")) {
    nlohmann::json j = nlohmann::json::parse(trimmed.begin(), trimmed.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return e;
    auto messages = j.find("messages");
    if (messages != j.end() && messages->is_array() && !messages->empty() &&
        (*messages)[0].is_object()) {
      e.code = ParseCode(JsonText((*messages)[0], "code"));
      e.description = JsonText((*messages)[0], "message");
    } else {
      e.code = ParseCode(JsonText(j, "code"));
      e.description = JsonText(j, "description");
      e.details = JsonText(j, "details");
    }
  }
  return e;
}

// Codes with one meaning whatever the text says.
std::optional<absl::StatusCode> CodeBySpecificEcsCode(int code) {
  switch (code) {
    case 1004:  // Entity named in the request not found.
    case 1019:  // Resource not found.
    case 2000:  // Entity named in the URL not found.
      return absl::StatusCode::kNotFound;
    case 1015:   // Resource already exists.
    case 40008:  // Bucket already exists.
      return absl::StatusCode::kAlreadyExists;
    case 3000:
      return absl::StatusCode::kPermissionDenied;
    case 4000:
      return absl::StatusCode::kUnauthenticated;
    case 6000:   // Service unavailable.
    case 30026:  // Service busy.
      return absl::StatusCode::kUnavailable;
    case 1031:  // Exceeding limit.
      return absl::StatusCode::kResourceExhausted;
    case 60019:  // Bucket not empty (keypool not empty).
      return absl::StatusCode::kFailedPrecondition;
    case 1007:  // Method not supported by this ECS version.
      return absl::StatusCode::kUnimplemented;
    default:
      return std::nullopt;
  }
}

// Undocumented errors seen on real clusters, known only by their text.
std::optional<absl::StatusCode> CodeByText(const EcsError& e) {
  const std::string text = absl::AsciiStrToLower(absl::StrCat(e.description, " ", e.details));
  if (absl::StrContains(text, "keypool not empty") ||
      (absl::StrContains(text, "bucket") && absl::StrContains(text, "not empty"))) {
    return absl::StatusCode::kFailedPrecondition;
  }
  if (absl::StrContains(text, "already has") && absl::StrContains(text, "valid key")) {
    return absl::StatusCode::kFailedPrecondition;  // Both secret-key slots in use.
  }
  if (absl::StrContains(text, "already exist")) return absl::StatusCode::kAlreadyExists;
  return std::nullopt;
}

bool IsBadInputCode(int code) {
  switch (code) {
    case 1002:   // Invalid URI parameter.
    case 1003:   // Unsupported media type.
    case 1005:   // Required parameter missing.
    case 1008:   // Parameter invalid.
    case 1013:   // Bad request body.
    case 1014:   // Value out of range.
    case 40009:  // Invalid bucket name.
    case 40010:  // Bucket owner not valid.
      return true;
    default:
      return false;
  }
}

}  // namespace

absl::Status EcsErrorStatus(const http::HttpResponse& response, absl::string_view operation) {
  const EcsError e = ParseError(response.body);
  std::optional<absl::StatusCode> code;
  if (e.code.has_value()) code = CodeBySpecificEcsCode(*e.code);
  if (!code.has_value()) code = CodeByText(e);
  if (!code.has_value() && e.code.has_value() && IsBadInputCode(*e.code)) {
    code = absl::StatusCode::kInvalidArgument;
  }
  if (!code.has_value()) code = http::StatusCodeForHttp(response.status);

  std::string message = e.code.has_value() ? absl::StrCat("ECS ", *e.code)
                                           : absl::StrCat("ECS HTTP ", response.status);
  if (!e.description.empty()) absl::StrAppend(&message, ": ", Quoted(e.description));
  if (!e.details.empty()) absl::StrAppend(&message, ": ", Quoted(e.details));
  absl::StrAppend(&message, " (", operation);
  if (e.code.has_value()) absl::StrAppend(&message, ", HTTP ", response.status);
  absl::StrAppend(&message, ")");
  absl::Status status(*code, message);
  if (e.code.has_value()) status.SetPayload(kCodePayload, absl::Cord(absl::StrCat(*e.code)));
  return status;
}

std::optional<int> EcsErrorCode(const absl::Status& status) {
  auto payload = status.GetPayload(kCodePayload);
  if (!payload.has_value()) return std::nullopt;
  return ParseCode(std::string(*payload));
}

}  // namespace osp::providers::ecs
