// The canonical status code for an HTTP error status, shared by every backend client (S3, ECS
// management, MinIO admin) for answers whose body names no more specific error. Pure; thread-safe.
#pragma once

#include "absl/status/status.h"

namespace osp::providers::http {

// 400 -> INVALID_ARGUMENT, 401 -> UNAUTHENTICATED, 403 -> PERMISSION_DENIED, 404 -> NOT_FOUND,
// 405 / 501 -> UNIMPLEMENTED, 408 -> DEADLINE_EXCEEDED, 409 / 412 -> FAILED_PRECONDITION,
// 416 -> OUT_OF_RANGE, 429 and other 5xx -> UNAVAILABLE, anything else -> UNKNOWN.
absl::StatusCode StatusCodeForHttp(int http_status);

}  // namespace osp::providers::http
