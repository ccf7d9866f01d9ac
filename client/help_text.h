// Help texts of ospctl: the global overview (commands, global flags, exit codes), a group's
// command list and one command's usage and flags. Thread-safe (pure functions).
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "client/arg_parser.h"
#include "client/command_registry.h"
#include "client/command_spec.h"

namespace osp::client {

// `ospctl --help`.
std::string GlobalHelp(const CommandRegistry& registry, const std::vector<FlagSpec>& global_flags);

// `ospctl bucket --help`.
std::string GroupHelp(const CommandRegistry& registry, absl::string_view group);

// `ospctl bucket create --help`.
std::string CommandHelp(const CommandSpec& spec);

// "ospctl bucket create NAME [flags]".
std::string UsageLine(const CommandSpec& spec);

}  // namespace osp::client
