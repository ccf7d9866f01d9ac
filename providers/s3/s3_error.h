// S3 error responses -> absl::Status. One table for every S3 call: the S3 error code decides the
// status code (the HTTP status only when the code is unknown or the body is empty, as for HEAD).
// Messages read "S3 <Code> (HTTP <n>) in <operation>, bucket "<b>", key "<k>": <S3 message>"
// and never carry request signatures, string-to-sign or credentials. Pure functions; thread-safe.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/s3/s3_types.h"

namespace osp::providers::s3 {

// The status code for S3 error `code` answered with `http_status`:
//   NoSuchBucket, NoSuchKey, NoSuchUpload, NoSuchVersion, NoSuch*Configuration/Policy -> NOT_FOUND
//   BucketNotEmpty -> FAILED_PRECONDITION; BucketAlreadyExists, BucketAlreadyOwnedByYou ->
//   ALREADY_EXISTS (CreateBucket treats the latter as success); AccessDenied ->
//   PERMISSION_DENIED; InvalidAccessKeyId, SignatureDoesNotMatch -> UNAUTHENTICATED;
//   QuotaExceeded -> RESOURCE_EXHAUSTED; SlowDown, ServiceUnavailable, InternalError ->
//   UNAVAILABLE; InvalidBucketName -> INVALID_ARGUMENT; InvalidRange -> OUT_OF_RANGE;
//   PreconditionFailed -> FAILED_PRECONDITION (a conditional S3Client::GetObject makes its own
//   412 ABORTED); others as listed in s3_error.cc, else by HTTP status.
absl::StatusCode S3StatusCode(absl::string_view code, int http_status);

// The S3Error in an error response body. An empty or non-XML body (HEAD, proxies) yields an
// S3Error whose code is derived from the HTTP status ("NotFound", "Forbidden", ...).
S3Error ParseS3Error(int http_status, absl::string_view body);

// The status for `error` raised by `operation` on `bucket` / `key` (either may be empty).
absl::Status S3ErrorToStatus(const S3Error& error, absl::string_view operation,
                             absl::string_view bucket, absl::string_view key);

}  // namespace osp::providers::s3
