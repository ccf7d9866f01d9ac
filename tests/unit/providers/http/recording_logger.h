// RecordingLogger: a Logger that keeps every line, for tests that check what was logged.
// Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "providers/base/logger.h"

namespace osp::providers::http {

class RecordingLogger final : public base::Logger {
 public:
  struct Line {
    base::LogLevel level;
    std::string message;
    base::LogFields fields;
  };

  void Log(base::LogLevel level, absl::string_view message,
           const base::LogFields& fields) override {
    absl::MutexLock lock(&mu_);
    lines_.push_back({level, std::string(message), fields});
  }
  bool Enabled(base::LogLevel) const override { return true; }

  std::vector<Line> lines() const {
    absl::MutexLock lock(&mu_);
    return lines_;
  }
  int Count(base::LogLevel level) const {
    absl::MutexLock lock(&mu_);
    int n = 0;
    for (const Line& line : lines_) n += line.level == level;
    return n;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<Line> lines_ ABSL_GUARDED_BY(mu_);
};

}  // namespace osp::providers::http
