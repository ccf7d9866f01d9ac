// JsonLogger: the daemon's Logger. Writes one JSON object per line:
//   {"time":"2024-05-01T12:00:00.123Z","level":"info","msg":"serving","tcp":"127.0.0.1:7443"}
// time (RFC 3339, UTC, milliseconds, from the injected Clock), level, msg, then the given fields
// in order. Thread-safe: each line is formatted first and written whole under one mutex.
#pragma once

#include <ostream>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "providers/base/clock.h"
#include "providers/base/logger.h"

namespace osp::server {

// "debug", "info", "warn", "error" -> the level; anything else -> INVALID_ARGUMENT.
absl::StatusOr<providers::base::LogLevel> ParseLogLevel(absl::string_view name);
// The name ParseLogLevel accepts for `level`.
absl::string_view LogLevelName(providers::base::LogLevel level);

class JsonLogger final : public providers::base::Logger {
 public:
  // `out` and `clock` must outlive the logger. Lines below `min_level` are dropped.
  JsonLogger(std::ostream* out, const providers::base::Clock* clock,
             providers::base::LogLevel min_level);
  JsonLogger(const JsonLogger&) = delete;
  JsonLogger& operator=(const JsonLogger&) = delete;

  // A field whose name is already in the line (time, level, msg or an earlier field) gets a '_'
  // appended, so nothing is overwritten. Invalid UTF-8 becomes U+FFFD. Flushes every line.
  void Log(providers::base::LogLevel level, absl::string_view message,
           const providers::base::LogFields& fields = {}) override;
  bool Enabled(providers::base::LogLevel level) const override;

 private:
  const providers::base::Clock* const clock_;
  const providers::base::LogLevel min_level_;
  absl::Mutex mu_;
  std::ostream* const out_ ABSL_PT_GUARDED_BY(mu_);
};

}  // namespace osp::server
