#include "server/json_logger.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace osp::server {

using providers::base::LogLevel;

absl::StatusOr<LogLevel> ParseLogLevel(absl::string_view name) {
  for (LogLevel level : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError}) {
    if (name == LogLevelName(level)) return level;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown log level '", name, "': must be one of debug, info, warn, error"));
}

absl::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "error";
}

JsonLogger::JsonLogger(std::ostream* out, const providers::base::Clock* clock, LogLevel min_level)
    : clock_(clock), min_level_(min_level), out_(out) {}

bool JsonLogger::Enabled(LogLevel level) const { return level >= min_level_; }

void JsonLogger::Log(LogLevel level, absl::string_view message,
                     const providers::base::LogFields& fields) {
  if (!Enabled(level)) return;
  nlohmann::ordered_json line;
  line["time"] = absl::FormatTime("%Y-%m-%d%ET%H:%M:%E3SZ", clock_->Now(), absl::UTCTimeZone());
  line["level"] = std::string(LogLevelName(level));
  line["msg"] = std::string(message);
  for (const auto& [key, value] : fields) {
    std::string name = key;
    while (line.contains(name)) name += '_';
    line[name] = value;
  }
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  absl::MutexLock lock(&mu_);
  out_->write(text.data(), static_cast<std::streamsize>(text.size()));
  out_->flush();
}

}  // namespace osp::server
