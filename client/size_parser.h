// Byte sizes on the command line and in tables: "10GiB", "500MB", "1.5TiB", "4096" in, "1.5 GiB"
// out. Decimal units (KB, MB, GB, TB, PB) are powers of 1000, binary units (KiB ... PiB) and
// the one-letter forms (K, M, G, T, P) powers of 1024. Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace osp::client {

// Parses a non-negative size, case-insensitive, optional space before the unit, optional
// fraction ("1.5GiB"; the result is rounded down to whole bytes). INVALID_ARGUMENT (a usage
// error) for an empty, negative, malformed, unknown-unit or over-2^63 value.
absl::StatusOr<int64_t> ParseSize(absl::string_view text);

// "0 B", "999 B", "1.0 KiB", "1.5 GiB": binary units, one decimal from KiB up.
std::string FormatSize(int64_t bytes);

}  // namespace osp::client
