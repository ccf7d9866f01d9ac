#include "server/command_line.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/json_logger.h"

namespace osp::server {

const char* Usage() {
  return "usage: ospd --config FILE [--log-level LEVEL]\n"
         "       ospd --check-config FILE\n"
         "       ospd --version\n"
         "\n"
         "  --config FILE        serve with the configuration in FILE (YAML or JSON)\n"
         "  --check-config FILE  validate FILE and build its backends without contacting them;\n"
         "                       prints \"config OK\" or one line naming the bad field (exit 2)\n"
         "  --log-level LEVEL    debug, info, warn or error (overrides log.level)\n"
         "  --version            print the version\n";
}

absl::StatusOr<CommandLine> ParseCommandLine(int argc, const char* const* argv) {
  CommandLine flags;
  bool have_config = false;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      flags.help = true;
      continue;
    }
    if (arg == "--version") {
      flags.version = true;
      continue;
    }
    absl::string_view name = arg.substr(0, arg.find('='));
    if (name != "--config" && name != "--check-config" && name != "--log-level") {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag '", name, "'"));
    }
    std::string value;
    if (name.size() < arg.size()) {
      value = std::string(arg.substr(name.size() + 1));
    } else if (i + 1 < argc) {
      value = argv[++i];
    }
    if (name == "--log-level") {
      if (!ParseLogLevel(value).ok()) {
        return absl::InvalidArgumentError("--log-level: must be one of debug, info, warn, error");
      }
      flags.log_level = value;
      continue;
    }
    if (value.empty() || absl::StartsWith(value, "--")) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": requires a file"));
    }
    if (have_config) {
      return absl::InvalidArgumentError("--config and --check-config: give only one");
    }
    have_config = true;
    flags.config_path = value;
    flags.check_only = name == "--check-config";
  }
  if (!have_config && !flags.help && !flags.version) {
    return absl::InvalidArgumentError("one of --config or --check-config is required");
  }
  return flags;
}

}  // namespace osp::server
