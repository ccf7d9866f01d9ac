// Reading local files for ospctl (PEM files, policy documents) with errno mapped to a status
// that names the path. Thread-safe (pure functions).
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace osp::client {

// The status for errno `error_number` on `path` while doing `what` ("open", "read", ...):
// ENOENT -> NOT_FOUND, EACCES/EPERM -> PERMISSION_DENIED, EEXIST -> ALREADY_EXISTS,
// ENOSPC -> RESOURCE_EXHAUSTED, EISDIR/ENOTDIR -> FAILED_PRECONDITION, others -> INTERNAL.
absl::Status ErrnoStatus(int error_number, absl::string_view what, absl::string_view path);

// The whole content of `path`; the errors of ErrnoStatus otherwise.
absl::StatusOr<std::string> ReadLocalFile(const std::string& path);

}  // namespace osp::client
