// The user and key commands of ospctl: user ensure|delete, key create|delete. The first and the
// third print a secret key: that is what they are for. Thread-safe (registration only).
#pragma once

#include "absl/status/status.h"
#include "client/command_registry.h"

namespace osp::client::commands {

// Adds the user and key groups to `registry`; the registry's errors otherwise.
absl::Status RegisterUserCommands(CommandRegistry& registry);

}  // namespace osp::client::commands
