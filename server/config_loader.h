// Config loading: the daemon's configuration file (YAML, or JSON as a subset of YAML) parsed into
// osp.v1.DaemonConfig. Parsing checks syntax, field names and field types against the proto
// schema; values are checked afterwards by ValidateConfig (server/config_validator.h).
// Stateless functions; thread-safe.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "osp/v1/config.pb.h"

namespace osp::server {

// Parses `text`. Every failure is INVALID_ARGUMENT with a one-line message:
//   syntax            "line 3, column 7: end of map not found"
//   unknown field     "backends[0].ecs.pasword_file: unknown field"
//   wrong type        "shutdown_grace_seconds: must be an integer", "listen: must be a mapping"
//   repeated key      "listen.tcp: given twice"
// An empty document is an empty config (which ValidateConfig then refuses).
absl::StatusOr<v1::DaemonConfig> ParseConfig(absl::string_view text);

// Reads and parses the file at `path`. An unreadable file -> the ReadFile error
// ("cannot read '<path>': ..."); otherwise as ParseConfig.
absl::StatusOr<v1::DaemonConfig> LoadConfigFile(const std::string& path);

}  // namespace osp::server
