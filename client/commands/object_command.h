// ObjectCommand: the CommandSpec of an ospctl command of the "Objects" help section (ls, rm,
// presign, put, get, cat, cp), so that their registrations state only what differs. Stateless;
// thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "client/command_spec.h"

namespace osp::client::commands {

// The one-word command `name` under "Objects", talking to one backend, taking `min_args` to
// `max_args` positionals (CommandSpec::kUnbounded for no limit). No details.
CommandSpec ObjectCommand(std::string name, std::string args_usage, std::string summary,
                          size_t min_args, size_t max_args, std::vector<FlagSpec> flags,
                          CommandSpec::Handler run);

}  // namespace osp::client::commands
