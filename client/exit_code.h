// Exit codes of ospctl and the one-line error text printed on stderr. A failed RPC exits with
// its numeric gRPC status code (NOT_FOUND -> 5, UNAVAILABLE -> 14); a usage error exits with
// EX_USAGE (64), since 2 already means UNKNOWN. Thread-safe (pure functions).
#pragma once

#include <string>

#include "absl/status/status.h"

namespace osp::client {

// sysexits.h EX_USAGE: the command line was wrong.
inline constexpr int kExitUsage = 64;

// 0 for OK, kExitUsage for usage errors (usage_error.h), else the numeric status code.
int ExitCodeFor(const absl::Status& status);

// "CODE: message", e.g. "NOT_FOUND: backend 'x' is not configured".
std::string ErrorLine(const absl::Status& status);

}  // namespace osp::client
