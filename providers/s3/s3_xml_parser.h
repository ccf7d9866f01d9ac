// Parsers for the XML bodies S3 answers with, into the structs of providers/types.h and
// providers/s3/s3_types.h. Each returns INTERNAL "malformed XML from S3 <Operation>: ..." for a
// body that is not the expected document (wrong root, non-numeric size, ...). Listings sent with
// encoding-type=url are decoded. ETags are returned without their quotes.
// Pure functions over their input; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "providers/s3/s3_types.h"
#include "providers/types.h"

namespace osp::providers::s3 {

// <ListAllMyBucketsResult>.
absl::StatusOr<std::vector<BucketEntry>> ParseListBuckets(absl::string_view body);
// <VersioningConfiguration>: Enabled, Suspended, or kOff when the bucket was never versioned.
absl::StatusOr<Versioning> ParseVersioning(absl::string_view body);
// <ServerSideEncryptionConfiguration>: kSseS3 for AES256, kNone when there is no rule.
// aws:kms (or any other algorithm) -> INTERNAL naming it, since no caller can represent it.
absl::StatusOr<Encryption> ParseEncryption(absl::string_view body);
// <CORSConfiguration>.
absl::StatusOr<std::vector<CorsRule>> ParseCors(absl::string_view body);
// <ObjectLockConfiguration>.
absl::StatusOr<ObjectLockConfiguration> ParseObjectLock(absl::string_view body);
// <ListBucketResult> of ListObjectsV2.
absl::StatusOr<ListObjectsV2Result> ParseListObjectsV2(absl::string_view body);
// <ListVersionsResult>: versions and delete markers in document order.
absl::StatusOr<ListVersionsResult> ParseListVersions(absl::string_view body);
// <InitiateMultipartUploadResult>: the upload id (never empty).
absl::StatusOr<std::string> ParseInitiateMultipartUpload(absl::string_view body);
// <CompleteMultipartUploadResult>: the ETag (radosgw sends an empty one). S3 may answer 200
// with an <Error> document here; that error is returned as its status.
absl::StatusOr<std::string> ParseCompleteMultipartUpload(absl::string_view body,
                                                         absl::string_view bucket,
                                                         absl::string_view key);
// <DeleteResult>.
absl::StatusOr<DeleteObjectsResult> ParseDeleteResult(absl::string_view body);

// ISO 8601 as in S3 listings ("2009-10-12T17:50:30.000Z"); nullopt if unparsable.
std::optional<absl::Time> ParseIsoTime(absl::string_view text);
// RFC 1123 as in Last-Modified headers ("Wed, 12 Oct 2009 17:50:00 GMT"); nullopt if unparsable.
std::optional<absl::Time> ParseHttpTime(absl::string_view text);
// `etag` without surrounding double quotes.
std::string Unquote(absl::string_view etag);

}  // namespace osp::providers::s3
