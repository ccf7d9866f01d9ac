// Builders for the XML request bodies of S3 calls, written through base::XmlWriter (every value
// escaped). Text XML cannot carry (control characters in a key, invalid UTF-8) ->
// INVALID_ARGUMENT naming the element. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/s3/s3_types.h"
#include "providers/types.h"

namespace osp::providers::s3 {

// <CreateBucketConfiguration><LocationConstraint>region</...>.
absl::StatusOr<std::string> BuildCreateBucketConfiguration(absl::string_view region);
// <VersioningConfiguration><Status>Enabled|Suspended</Status>; kOff / kUnspecified ->
// INVALID_ARGUMENT (S3 cannot turn versioning off, only suspend it).
absl::StatusOr<std::string> BuildVersioning(Versioning versioning);
// SSE-S3 (AES256) default encryption. Only kSseS3 can be put: others -> INVALID_ARGUMENT.
absl::StatusOr<std::string> BuildEncryption(Encryption encryption);
// <CORSConfiguration>; no rules, or a rule without origin or method -> INVALID_ARGUMENT.
absl::StatusOr<std::string> BuildCors(const std::vector<CorsRule>& rules);
// <ObjectLockConfiguration>; a default retention needs exactly one of days / years > 0.
absl::StatusOr<std::string> BuildObjectLock(const ObjectLockConfiguration& config);
// <CompleteMultipartUpload> with the parts in the given (ascending) order.
absl::StatusOr<std::string> BuildCompleteMultipartUpload(const std::vector<CompletedPart>& parts);
// <Delete> with each object (and version id when set); not quiet, so the answer lists what
// was deleted.
absl::StatusOr<std::string> BuildDelete(const std::vector<ObjectIdentifier>& objects);

}  // namespace osp::providers::s3
