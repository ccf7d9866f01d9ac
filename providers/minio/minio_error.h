// MinIO admin API error documents ({"Code":..,"Message":..} JSON, or S3-style XML on a few paths)
// turned into canonical statuses. Pure functions; thread-safe.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace osp::providers::minio {

// The MinIO error code of an error body ("XMinioAdminNoSuchUser"), or "" if it has none.
std::string MinioErrorCode(absl::string_view body);

// The status for a non-2xx admin response. The message reads "MinIO <Code> (<HTTP status>) in
// <operation>: <Message>"; codes map as: NoSuch* -> NOT_FOUND, XMinioIAMPolicyInUse ->
// FAILED_PRECONDITION, AccessDenied / XMinioInvalidIAMCredentials / 403 -> PERMISSION_DENIED,
// SignatureDoesNotMatch / InvalidAccessKeyId / RequestTimeTooSkewed / 401 -> UNAUTHENTICATED,
// quota exceeded -> RESOURCE_EXHAUSTED, 426 (no such route: a client bug) -> INTERNAL, anything
// else by its HTTP status (http::StatusCodeForHttp).
absl::Status MinioErrorToStatus(int http_status, absl::string_view body,
                                absl::string_view operation);

}  // namespace osp::providers::minio
