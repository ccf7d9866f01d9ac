// Logger: structured log lines (a level, a message, key/value fields). server/ implements it as
// one JSON object per line on stderr; tests capture lines. Injected, never global. Callers put no
// secret into a message or field (Secret cannot be formatted into one). Implementations are
// thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace osp::providers::base {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

using LogFields = std::vector<std::pair<std::string, std::string>>;

class Logger {
 public:
  virtual ~Logger() = default;
  // Writes one line if `level` is at or above the configured level.
  virtual void Log(LogLevel level, absl::string_view message, const LogFields& fields = {}) = 0;
  // True if a line at `level` would be written (to skip building costly fields).
  virtual bool Enabled(LogLevel level) const = 0;
};

// Discards everything; for tools and tests that do not look at logs.
class NullLogger final : public Logger {
 public:
  void Log(LogLevel, absl::string_view, const LogFields&) override {}
  bool Enabled(LogLevel) const override { return false; }
};

}  // namespace osp::providers::base
