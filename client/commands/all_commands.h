// Every ospctl command group, registered in the order `ospctl --help` lists them.
// Thread-safe (registration only).
#pragma once

#include "absl/status/status.h"
#include "client/command_registry.h"

namespace osp::client::commands {

// Adds all commands to `registry`. An error means two groups declared clashing commands (a
// programming error; tests pin that it is OK).
absl::Status RegisterAllCommands(CommandRegistry& registry);

}  // namespace osp::client::commands
