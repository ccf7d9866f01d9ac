// Usage errors: a bad command line (unknown flag, missing argument, malformed value). They are
// INVALID_ARGUMENT statuses tagged with a payload, so that ospctl can tell them from a server's
// INVALID_ARGUMENT and exit with EX_USAGE (64) instead of 3. Thread-safe (pure functions).
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace osp::client {

// An INVALID_ARGUMENT status marked as a usage error; `message` says what is wrong on the line.
absl::Status UsageError(absl::string_view message);

// True if `status` was made by UsageError.
bool IsUsageError(const absl::Status& status);

}  // namespace osp::client
