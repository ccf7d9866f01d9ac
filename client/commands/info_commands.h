// The daemon and backend commands of ospctl: info, capabilities, check.
// Thread-safe (registration only).
#pragma once

#include "absl/status/status.h"
#include "client/command_registry.h"

namespace osp::client::commands {

// Adds info, capabilities and check to `registry`; the registry's errors otherwise.
absl::Status RegisterInfoCommands(CommandRegistry& registry);

}  // namespace osp::client::commands
