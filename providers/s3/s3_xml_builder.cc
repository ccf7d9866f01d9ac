#include "providers/s3/s3_xml_builder.h"

#include "absl/strings/str_cat.h"
#include "providers/base/xml_writer.h"

namespace osp::providers::s3 {
namespace {

constexpr absl::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

using base::XmlWriter;

}  // namespace

absl::StatusOr<std::string> BuildCreateBucketConfiguration(absl::string_view region) {
  XmlWriter w("CreateBucketConfiguration", kS3Namespace);
  w.Element("LocationConstraint", region);
  return w.Finish();
}

absl::StatusOr<std::string> BuildVersioning(Versioning versioning) {
  if (versioning != Versioning::kEnabled && versioning != Versioning::kSuspended) {
    return absl::InvalidArgumentError(
        "S3 versioning can only be set to Enabled or Suspended, never back to off");
  }
  XmlWriter w("VersioningConfiguration", kS3Namespace);
  w.Element("Status", versioning == Versioning::kEnabled ? "Enabled" : "Suspended");
  return w.Finish();
}

absl::StatusOr<std::string> BuildEncryption(Encryption encryption) {
  if (encryption != Encryption::kSseS3) {
    return absl::InvalidArgumentError(
        "S3 default encryption can only be put as SSE-S3; delete it to turn it off");
  }
  XmlWriter w("ServerSideEncryptionConfiguration", kS3Namespace);
  w.StartElement("Rule").StartElement("ApplyServerSideEncryptionByDefault");
  w.Element("SSEAlgorithm", "AES256");
  return w.Finish();
}

absl::StatusOr<std::string> BuildCors(const std::vector<CorsRule>& rules) {
  if (rules.empty()) {
    return absl::InvalidArgumentError("CORS configuration needs at least one rule (or delete it)");
  }
  XmlWriter w("CORSConfiguration", kS3Namespace);
  for (size_t i = 0; i < rules.size(); ++i) {
    const CorsRule& rule = rules[i];
    if (rule.allowed_origins.empty() || rule.allowed_methods.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("CORS rule ", i, " needs an allowed origin and an allowed method"));
    }
    w.StartElement("CORSRule");
    for (const std::string& v : rule.allowed_headers) w.Element("AllowedHeader", v);
    for (const std::string& v : rule.allowed_methods) w.Element("AllowedMethod", v);
    for (const std::string& v : rule.allowed_origins) w.Element("AllowedOrigin", v);
    for (const std::string& v : rule.expose_headers) w.Element("ExposeHeader", v);
    if (rule.max_age_seconds > 0) w.Element("MaxAgeSeconds", absl::StrCat(rule.max_age_seconds));
    w.EndElement();
  }
  return w.Finish();
}

absl::StatusOr<std::string> BuildObjectLock(const ObjectLockConfiguration& config) {
  if (!config.mode.empty()) {
    if (config.mode != "GOVERNANCE" && config.mode != "COMPLIANCE") {
      return absl::InvalidArgumentError(absl::StrCat(
          "object lock mode must be GOVERNANCE or COMPLIANCE, not \"", config.mode, "\""));
    }
    if ((config.days > 0) == (config.years > 0) || config.days < 0 || config.years < 0) {
      return absl::InvalidArgumentError(
          "object lock default retention needs exactly one of days or years");
    }
  }
  XmlWriter w("ObjectLockConfiguration", kS3Namespace);
  w.Element("ObjectLockEnabled", "Enabled");
  if (!config.mode.empty()) {
    w.StartElement("Rule").StartElement("DefaultRetention");
    w.Element("Mode", config.mode);
    if (config.days > 0) w.Element("Days", absl::StrCat(config.days));
    if (config.years > 0) w.Element("Years", absl::StrCat(config.years));
  }
  return w.Finish();
}

absl::StatusOr<std::string> BuildCompleteMultipartUpload(const std::vector<CompletedPart>& parts) {
  XmlWriter w("CompleteMultipartUpload", kS3Namespace);
  for (const CompletedPart& part : parts) {
    w.StartElement("Part");
    w.Element("PartNumber", absl::StrCat(part.part_number));
    w.Element("ETag", absl::StrCat("\"", part.etag, "\""));
    w.EndElement();
  }
  return w.Finish();
}

absl::StatusOr<std::string> BuildDelete(const std::vector<ObjectIdentifier>& objects) {
  XmlWriter w("Delete", kS3Namespace);
  for (const ObjectIdentifier& object : objects) {
    w.StartElement("Object");
    w.Element("Key", object.key);
    if (!object.version_id.empty()) w.Element("VersionId", object.version_id);
    w.EndElement();
  }
  return w.Finish();
}

}  // namespace osp::providers::s3
