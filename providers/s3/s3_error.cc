#include "providers/s3/s3_error.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "providers/base/xml_document.h"
#include "providers/http/http_status.h"

namespace osp::providers::s3 {
namespace {

struct CodeMapping {
  absl::string_view s3_code;
  absl::StatusCode status;
};

constexpr CodeMapping kCodes[] = {
    {"NoSuchBucket", absl::StatusCode::kNotFound},
    {"NoSuchKey", absl::StatusCode::kNotFound},
    {"NoSuchUpload", absl::StatusCode::kNotFound},
    {"NoSuchVersion", absl::StatusCode::kNotFound},
    {"NoSuchBucketPolicy", absl::StatusCode::kNotFound},
    {"NoSuchCORSConfiguration", absl::StatusCode::kNotFound},
    {"NoSuchTagSet", absl::StatusCode::kNotFound},
    {"NoSuchLifecycleConfiguration", absl::StatusCode::kNotFound},
    {"ServerSideEncryptionConfigurationNotFoundError", absl::StatusCode::kNotFound},
    {"ObjectLockConfigurationNotFoundError", absl::StatusCode::kNotFound},
    {"NotFound", absl::StatusCode::kNotFound},
    {"BucketNotEmpty", absl::StatusCode::kFailedPrecondition},
    {"BucketAlreadyExists", absl::StatusCode::kAlreadyExists},
    {"BucketAlreadyOwnedByYou", absl::StatusCode::kAlreadyExists},
    {"AccessDenied", absl::StatusCode::kPermissionDenied},
    {"AllAccessDisabled", absl::StatusCode::kPermissionDenied},
    {"AccountProblem", absl::StatusCode::kPermissionDenied},
    {"Forbidden", absl::StatusCode::kPermissionDenied},
    {"InvalidAccessKeyId", absl::StatusCode::kUnauthenticated},
    {"SignatureDoesNotMatch", absl::StatusCode::kUnauthenticated},
    {"ExpiredToken", absl::StatusCode::kUnauthenticated},
    {"InvalidToken", absl::StatusCode::kUnauthenticated},
    {"RequestTimeTooSkewed", absl::StatusCode::kUnauthenticated},
    {"QuotaExceeded", absl::StatusCode::kResourceExhausted},
    // MinIO answers a PUT past a bucket's hard quota with this code and HTTP 400.
    {"XMinioAdminBucketQuotaExceeded", absl::StatusCode::kResourceExhausted},
    {"TooManyBuckets", absl::StatusCode::kResourceExhausted},
    {"EntityTooLarge", absl::StatusCode::kResourceExhausted},
    {"SlowDown", absl::StatusCode::kUnavailable},
    {"ServiceUnavailable", absl::StatusCode::kUnavailable},
    {"InternalError", absl::StatusCode::kUnavailable},
    {"RequestTimeout", absl::StatusCode::kUnavailable},
    {"InvalidBucketName", absl::StatusCode::kInvalidArgument},
    {"InvalidArgument", absl::StatusCode::kInvalidArgument},
    {"InvalidRequest", absl::StatusCode::kInvalidArgument},
    {"MalformedXML", absl::StatusCode::kInvalidArgument},
    {"MalformedPolicy", absl::StatusCode::kInvalidArgument},
    {"InvalidDigest", absl::StatusCode::kInvalidArgument},
    {"InvalidPart", absl::StatusCode::kInvalidArgument},
    {"InvalidPartOrder", absl::StatusCode::kInvalidArgument},
    {"EntityTooSmall", absl::StatusCode::kInvalidArgument},
    {"KeyTooLongError", absl::StatusCode::kInvalidArgument},
    {"InvalidLocationConstraint", absl::StatusCode::kInvalidArgument},
    {"InvalidRange", absl::StatusCode::kOutOfRange},
    {"PreconditionFailed", absl::StatusCode::kFailedPrecondition},
    {"InvalidBucketState", absl::StatusCode::kFailedPrecondition},
    {"InvalidObjectState", absl::StatusCode::kFailedPrecondition},
    {"MethodNotAllowed", absl::StatusCode::kFailedPrecondition},
    {"PermanentRedirect", absl::StatusCode::kFailedPrecondition},
    {"AuthorizationHeaderMalformed", absl::StatusCode::kFailedPrecondition},
    {"OperationAborted", absl::StatusCode::kAborted},
    {"BadDigest", absl::StatusCode::kDataLoss},
    {"XAmzContentSHA256Mismatch", absl::StatusCode::kDataLoss},
    {"NotImplemented", absl::StatusCode::kUnimplemented},
};

// The code S3 would have put in the body, for bodiless answers (HEAD) and foreign error pages.
std::string CodeForHttpStatus(int http_status) {
  switch (http_status) {
    case 400:
      return "BadRequest";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 409:
      return "Conflict";
    case 412:
      return "PreconditionFailed";
    case 416:
      return "InvalidRange";
    case 503:
      return "ServiceUnavailable";
    default:
      return absl::StrCat("HTTP", http_status);
  }
}

// Long enough for any S3 message; bounds what a misbehaving server can push into our logs.
constexpr size_t kMaxMessage = 256;

}  // namespace

absl::StatusCode S3StatusCode(absl::string_view code, int http_status) {
  for (const CodeMapping& m : kCodes) {
    if (m.s3_code == code) return m.status;
  }
  return http::StatusCodeForHttp(http_status);
}

S3Error ParseS3Error(int http_status, absl::string_view body) {
  S3Error error;
  error.http_status = http_status;
  absl::StatusOr<base::XmlDocument> doc = base::XmlDocument::Parse(body, "S3 error");
  if (doc.ok() && doc->root().name() == "Error" && !doc->root().ChildText("Code").empty()) {
    base::XmlElement root = doc->root();
    error.code = root.ChildText("Code");
    error.message = root.ChildText("Message").substr(0, kMaxMessage);
    error.bucket = root.ChildText("BucketName");
    error.key = root.ChildText("Key");
    error.request_id = root.ChildText("RequestId");
  } else {
    error.code = CodeForHttpStatus(http_status);
  }
  return error;
}

absl::Status S3ErrorToStatus(const S3Error& error, absl::string_view operation,
                             absl::string_view bucket, absl::string_view key) {
  if (bucket.empty()) bucket = error.bucket;
  if (key.empty()) key = error.key;
  std::string message =
      absl::StrCat("S3 ", error.code, " (HTTP ", error.http_status, ") in ", operation);
  if (!bucket.empty()) absl::StrAppend(&message, ", bucket \"", bucket, "\"");
  if (!key.empty()) absl::StrAppend(&message, ", key \"", key, "\"");
  if (!error.message.empty()) absl::StrAppend(&message, ": ", error.message);
  if (!error.request_id.empty()) absl::StrAppend(&message, " (request id ", error.request_id, ")");
  return absl::Status(S3StatusCode(error.code, error.http_status), message);
}

}  // namespace osp::providers::s3
