// ReadFile: the whole content of a small file (config, PEM, secret) as a string. Used by the
// config loader, secret resolution and the TLS setup so that every "cannot read" error reads the
// same. Thread-safe.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace osp::server {

// The content of `path`. A missing file -> NOT_FOUND, no permission -> PERMISSION_DENIED, any
// other failure (a directory, an I/O error) -> FAILED_PRECONDITION; each message is
// "cannot read '<path>': <reason>" and never holds any of the file's content.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace osp::server
