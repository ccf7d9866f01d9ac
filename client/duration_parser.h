// Durations on the command line and in tables: "30s", "2m", "1h30m", "500ms", "7d" in (Go
// syntax as absl::ParseDuration reads it, plus a leading whole-days part "Nd"), "1.2s" / "15ms"
// out. Thread-safe (pure functions).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace osp::client {

// Parses a non-negative duration with units ("0" alone is allowed). INVALID_ARGUMENT (a usage
// error) for a negative, malformed or unit-less value.
absl::StatusOr<absl::Duration> ParseDuration(absl::string_view text);

// Short form for tables: "850us", "15ms", "1.2s", "3m0s".
std::string FormatShortDuration(absl::Duration d);

}  // namespace osp::client
