// RecordingLogger: a Logger that keeps every line it is given (at or above its level) so that a
// test can look at levels, messages and fields. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "providers/base/logger.h"

namespace osp::testutil {

struct LogLine {
  providers::base::LogLevel level;
  std::string message;
  providers::base::LogFields fields;

  // The value of field `name`, if the line has it.
  std::optional<std::string> Field(const std::string& name) const {
    for (const auto& [key, value] : fields) {
      if (key == name) return value;
    }
    return std::nullopt;
  }
  // Message and every field name and value in one string, to search for leaks.
  std::string Text() const {
    std::string text = message;
    for (const auto& [key, value] : fields) text += " " + key + "=" + value;
    return text;
  }
};

class RecordingLogger final : public providers::base::Logger {
 public:
  explicit RecordingLogger(providers::base::LogLevel min_level = providers::base::LogLevel::kDebug)
      : min_level_(min_level) {}

  void Log(providers::base::LogLevel level, absl::string_view message,
           const providers::base::LogFields& fields) override {
    if (!Enabled(level)) return;
    absl::MutexLock lock(&mu_);
    lines_.push_back(LogLine{level, std::string(message), fields});
  }
  bool Enabled(providers::base::LogLevel level) const override { return level >= min_level_; }

  std::vector<LogLine> lines() const {
    absl::MutexLock lock(&mu_);
    return lines_;
  }

 private:
  const providers::base::LogLevel min_level_;
  mutable absl::Mutex mu_;
  std::vector<LogLine> lines_ ABSL_GUARDED_BY(mu_);
};

}  // namespace osp::testutil
