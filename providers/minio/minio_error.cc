#include "providers/minio/minio_error.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "providers/base/xml_document.h"
#include "providers/http/http_status.h"

namespace osp::providers::minio {
namespace {

struct ErrorDoc {
  std::string code;
  std::string message;
};

// json::value() throws on a field of another type.
std::string JsonString(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

ErrorDoc ParseError(absl::string_view body) {
  auto json = nlohmann::json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_object()) {
    return {JsonString(json, "Code"), JsonString(json, "Message")};
  }
  auto xml = base::XmlDocument::Parse(body, "MinIO error");
  if (xml.ok()) return {xml->root().ChildText("Code"), xml->root().ChildText("Message")};
  return {};
}

absl::StatusCode CodeFor(int http_status, const std::string& code) {
  if (absl::StartsWith(code, "XMinioAdminNoSuch") || absl::StartsWith(code, "NoSuch")) {
    return absl::StatusCode::kNotFound;
  }
  if (code == "XMinioIAMPolicyInUse") return absl::StatusCode::kFailedPrecondition;
  if (code == "SignatureDoesNotMatch" || code == "InvalidAccessKeyId" ||
      code == "RequestTimeTooSkewed" || http_status == 401) {
    return absl::StatusCode::kUnauthenticated;
  }
  if (code == "AccessDenied" || code == "XMinioInvalidIAMCredentials" || http_status == 403) {
    return absl::StatusCode::kPermissionDenied;
  }
  if (absl::StrContains(code, "QuotaExceeded")) return absl::StatusCode::kResourceExhausted;
  // No route for the call: a client bug, not a caller's mistake.
  if (http_status == 426) return absl::StatusCode::kInternal;
  return http::StatusCodeForHttp(http_status);
}

}  // namespace

std::string MinioErrorCode(absl::string_view body) { return ParseError(body).code; }

absl::Status MinioErrorToStatus(int http_status, absl::string_view body,
                                absl::string_view operation) {
  const ErrorDoc doc = ParseError(body);
  std::string message = absl::StrCat("MinIO ", doc.code.empty() ? "error" : doc.code, " (HTTP ",
                                     http_status, ") in ", operation);
  if (!doc.message.empty()) absl::StrAppend(&message, ": ", doc.message);
  return absl::Status(CodeFor(http_status, doc.code), message);
}

}  // namespace osp::providers::minio
