#include "providers/s3/s3_xml_parser.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "providers/base/status_macros.h"
#include "providers/base/xml_document.h"
#include "providers/s3/s3_error.h"
#include "providers/s3/uri_encode.h"

namespace osp::providers::s3 {
namespace {

using base::XmlDocument;
using base::XmlElement;

// Parses `body` and checks that its root is `root`.
absl::StatusOr<XmlDocument> ParseRoot(absl::string_view body, absl::string_view root,
                                      absl::string_view operation) {
  ASSIGN_OR_RETURN(XmlDocument doc, XmlDocument::Parse(body, absl::StrCat("S3 ", operation)));
  if (doc.root().name() != root) {
    return doc.root().Malformed(
        absl::StrCat("expected <", root, ">, got <", doc.root().name(), ">"));
  }
  return doc;
}

// Decodes a listing field sent with encoding-type=url (form encoding: '+' is a space).
class FieldDecoder {
 public:
  explicit FieldDecoder(const XmlElement& root) : url_(root.ChildText("EncodingType") == "url") {}
  std::string operator()(const std::string& value) const {
    return url_ ? UriDecode(absl::StrReplaceAll(value, {{"+", " "}})) : value;
  }
  std::string Child(const XmlElement& e, absl::string_view name) const {
    return (*this)(e.ChildText(name));
  }

 private:
  bool url_;
};

std::vector<std::string> CommonPrefixes(const XmlElement& root, const FieldDecoder& decode) {
  std::vector<std::string> prefixes;
  for (const XmlElement& cp : root.Children("CommonPrefixes")) {
    prefixes.push_back(decode.Child(cp, "Prefix"));
  }
  return prefixes;
}

absl::StatusOr<ObjectInfo> ParseObjectEntry(const XmlElement& e, const FieldDecoder& decode) {
  ObjectInfo info;
  info.key = decode.Child(e, "Key");
  if (info.key.empty()) return e.Malformed(absl::StrCat("<", e.name(), "> without <Key>"));
  ASSIGN_OR_RETURN(info.size, e.ChildIntOr("Size", 0));
  info.etag = Unquote(e.ChildText("ETag"));
  info.last_modified = ParseIsoTime(e.ChildText("LastModified"));
  info.storage_class = e.ChildText("StorageClass");
  info.version_id = e.ChildText("VersionId");
  info.is_latest = e.ChildText("IsLatest") == "true";
  return info;
}

bool IsTrue(const XmlElement& e, absl::string_view name) { return e.ChildText(name) == "true"; }

}  // namespace

std::optional<absl::Time> ParseIsoTime(absl::string_view text) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &t, &err)) return std::nullopt;
  return t;
}

std::optional<absl::Time> ParseHttpTime(absl::string_view text) {
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%a, %d %b %E4Y %H:%M:%S GMT", std::string(text), absl::UTCTimeZone(), &t,
                       &err)) {
    return std::nullopt;
  }
  return t;
}

std::string Unquote(absl::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return std::string(etag);
}

absl::StatusOr<std::vector<BucketEntry>> ParseListBuckets(absl::string_view body) {
  ASSIGN_OR_RETURN(XmlDocument doc, ParseRoot(body, "ListAllMyBucketsResult", "ListBuckets"));
  std::vector<BucketEntry> buckets;
  if (std::optional<XmlElement> list = doc.root().Child("Buckets")) {
    for (const XmlElement& b : list->Children("Bucket")) {
      BucketEntry entry;
      entry.name = b.ChildText("Name");
      if (entry.name.empty()) return b.Malformed("<Bucket> without <Name>");
      entry.created_at = ParseIsoTime(b.ChildText("CreationDate"));
      buckets.push_back(std::move(entry));
    }
  }
  return buckets;
}

absl::StatusOr<Versioning> ParseVersioning(absl::string_view body) {
  ASSIGN_OR_RETURN(XmlDocument doc,
                   ParseRoot(body, "VersioningConfiguration", "GetBucketVersioning"));
  const std::string status = doc.root().ChildText("Status");
  if (status.empty()) return Versioning::kOff;
  if (status == "Enabled") return Versioning::kEnabled;
  if (status == "Suspended") return Versioning::kSuspended;
  return doc.root().Malformed(absl::StrCat("unknown versioning status \"", status, "\""));
}

absl::StatusOr<Encryption> ParseEncryption(absl::string_view body) {
  ASSIGN_OR_RETURN(XmlDocument doc,
                   ParseRoot(body, "ServerSideEncryptionConfiguration", "GetBucketEncryption"));
  for (const XmlElement& rule : doc.root().Children("Rule")) {
    std::optional<XmlElement> def = rule.Child("ApplyServerSideEncryptionByDefault");
    if (!def) continue;
    const std::string algorithm = def->ChildText("SSEAlgorithm");
    if (algorithm == "AES256") return Encryption::kSseS3;
    return doc.root().Malformed(absl::StrCat("unsupported SSEAlgorithm \"", algorithm, "\""));
  }
  return Encryption::kNone;
}

absl::StatusOr<std::vector<CorsRule>> ParseCors(absl::string_view body) {
  ASSIGN_OR_RETURN(XmlDocument doc, ParseRoot(body, "CORSConfiguration", "GetBucketCors"));
  std::vector<CorsRule> rules;
  for (const XmlElement& r : doc.root().Children("CORSRule")) {
    CorsRule rule;
    for (const XmlElement& e : r.Children("AllowedOrigin"))
      rule.allowed_origins.push_back(e.text());
    for (const XmlElement& e : r.Children("AllowedMethod"))
      rule.allowed_methods.push_back(e.text());
    for (const XmlElement& e : r.Children("AllowedHeader"))
      rule.allowed_headers.push_back(e.text());
    for (const XmlElement& e : r.Children("ExposeHeader")) rule.expose_headers.push_back(e.text());
    ASSIGN_OR_RETURN(int64_t max_age, r.ChildIntOr("MaxAgeSeconds", 0));
    rule.max_age_seconds = static_cast<int32_t>(max_age);
    rules.push_back(std::move(rule));
  }
  return rules;
}

absl::StatusOr<ObjectLockConfiguration> ParseObjectLock(absl::string_view body) {
  ASSIGN_OR_RETURN(XmlDocument doc,
                   ParseRoot(body, "ObjectLockConfiguration", "GetObjectLockConfiguration"));
  ObjectLockConfiguration config;
  config.enabled = doc.root().ChildText("ObjectLockEnabled") == "Enabled";
  std::optional<XmlElement> rule = doc.root().Child("Rule");
  std::optional<XmlElement> retention = rule ? rule->Child("DefaultRetention") : std::nullopt;
  if (retention) {
    config.mode = retention->ChildText("Mode");
    ASSIGN_OR_RETURN(int64_t days, retention->ChildIntOr("Days", 0));
    ASSIGN_OR_RETURN(int64_t years, retention->ChildIntOr("Years", 0));
    config.days = static_cast<int32_t>(days);
    config.years = static_cast<int32_t>(years);
  }
  return config;
}

absl::StatusOr<ListObjectsV2Result> ParseListObjectsV2(absl::string_view body) {
  ASSIGN_OR_RETURN(XmlDocument doc, ParseRoot(body, "ListBucketResult", "ListObjectsV2"));
  const XmlElement root = doc.root();
  const FieldDecoder decode(root);
  ListObjectsV2Result result;
  for (const XmlElement& c : root.Children("Contents")) {
    ASSIGN_OR_RETURN(ObjectInfo info, ParseObjectEntry(c, decode));
    info.is_latest = true;
    result.objects.push_back(std::move(info));
  }
  result.common_prefixes = CommonPrefixes(root, decode);
  result.is_truncated = IsTrue(root, "IsTruncated");
  result.next_continuation_token = root.ChildText("NextContinuationToken");
  if (result.is_truncated && result.next_continuation_token.empty()) {
    return root.Malformed("truncated listing without <NextContinuationToken>");
  }
  return result;
}

absl::StatusOr<ListVersionsResult> ParseListVersions(absl::string_view body) {
  ASSIGN_OR_RETURN(XmlDocument doc, ParseRoot(body, "ListVersionsResult", "ListObjectVersions"));
  const XmlElement root = doc.root();
  const FieldDecoder decode(root);
  ListVersionsResult result;
  for (const XmlElement& e : root.Children()) {
    const bool marker = e.name() == "DeleteMarker";
    if (!marker && e.name() != "Version") continue;
    ASSIGN_OR_RETURN(ObjectInfo info, ParseObjectEntry(e, decode));
    info.delete_marker = marker;
    result.versions.push_back(std::move(info));
  }
  result.common_prefixes = CommonPrefixes(root, decode);
  result.is_truncated = IsTrue(root, "IsTruncated");
  result.next_key_marker = decode.Child(root, "NextKeyMarker");
  result.next_version_id_marker = root.ChildText("NextVersionIdMarker");
  if (result.is_truncated && result.next_key_marker.empty()) {
    return root.Malformed("truncated listing without <NextKeyMarker>");
  }
  return result;
}

absl::StatusOr<std::string> ParseInitiateMultipartUpload(absl::string_view body) {
  ASSIGN_OR_RETURN(XmlDocument doc,
                   ParseRoot(body, "InitiateMultipartUploadResult", "CreateMultipartUpload"));
  std::string upload_id = doc.root().ChildText("UploadId");
  if (upload_id.empty()) return doc.root().Malformed("no <UploadId>");
  return upload_id;
}

absl::StatusOr<std::string> ParseCompleteMultipartUpload(absl::string_view body,
                                                         absl::string_view bucket,
                                                         absl::string_view key) {
  ASSIGN_OR_RETURN(XmlDocument doc, XmlDocument::Parse(body, "S3 CompleteMultipartUpload"));
  if (doc.root().name() == "Error") {
    return S3ErrorToStatus(ParseS3Error(200, body), "CompleteMultipartUpload", bucket, key);
  }
  if (doc.root().name() != "CompleteMultipartUploadResult") {
    return doc.root().Malformed(
        absl::StrCat("expected <CompleteMultipartUploadResult>, got <", doc.root().name(), ">"));
  }
  return Unquote(doc.root().ChildText("ETag"));
}

absl::StatusOr<DeleteObjectsResult> ParseDeleteResult(absl::string_view body) {
  ASSIGN_OR_RETURN(XmlDocument doc, ParseRoot(body, "DeleteResult", "DeleteObjects"));
  DeleteObjectsResult result;
  for (const XmlElement& e : doc.root().Children()) {
    ObjectIdentifier id{e.ChildText("Key"), e.ChildText("VersionId")};
    if (e.name() == "Deleted") {
      result.deleted.push_back(std::move(id));
    } else if (e.name() == "Error") {
      result.errors.push_back(
          DeleteObjectError{std::move(id), e.ChildText("Code"), e.ChildText("Message")});
    }
  }
  return result;
}

}  // namespace osp::providers::s3
