// CommandSpec: one ospctl subcommand as the command groups declare it (its words, arguments,
// flags, help text and the function that runs it). Thread-compatible (a value type).
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client/arg_parser.h"
#include "client/command_context.h"
#include "client/parsed_args.h"

namespace osp::client {

struct CommandSpec {
  // Runs the command. Returns OK, a usage error for bad values, or the RPC's status.
  using Handler = std::function<absl::Status(const ParsedArgs&, CommandContext&)>;
  static constexpr size_t kUnbounded = std::numeric_limits<size_t>::max();

  // The words after "ospctl": {"info"} or {"bucket", "create"}.
  std::vector<std::string> path;
  // Heading the command is listed under in `ospctl --help`.
  std::string section;
  // Positional arguments as shown in help, e.g. "NAME" or "BUCKET/KEY [LOCAL|-]".
  std::string args_usage;
  // One line for the command list.
  std::string summary;
  // Further help text shown by `--help` on the command (may be empty).
  std::string details;
  std::vector<FlagSpec> flags;
  size_t min_args = 0;
  size_t max_args = 0;
  // False for commands that do not talk to one backend (info).
  bool needs_backend = true;
  Handler run;
};

}  // namespace osp::client
