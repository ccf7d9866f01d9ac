// CommandLine: the flags of the ospd executable, parsed without global flag registries so that
// main() stays a thin wiring function and the parsing is unit-tested. Thread-compatible.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace osp::server {

struct CommandLine {
  // --config FILE (serve) or --check-config FILE (validate, build providers, exit).
  std::string config_path;
  bool check_only = false;
  // --log-level LEVEL: overrides the config's log.level. Empty: use the config (default info).
  std::string log_level;
  bool version = false;  // --version
  bool help = false;     // --help, -h
};

// Parses argv[1..argc). Each flag taking a value accepts "--flag VALUE" and "--flag=VALUE".
// INVALID_ARGUMENT with a one-line message: "unknown flag '--x'", "--config: requires a file",
// "--log-level: must be one of debug, info, warn, error", "one of --config or --check-config is
// required", "--config and --check-config: give only one". --help and --version need no config.
absl::StatusOr<CommandLine> ParseCommandLine(int argc, const char* const* argv);

// The --help text.
const char* Usage();

}  // namespace osp::server
