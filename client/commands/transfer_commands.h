// The object transfer commands of ospctl: put (upload), get (download), cat (to stdout).
// Thread-safe (registration only).
#pragma once

#include "absl/status/status.h"
#include "client/command_registry.h"

namespace osp::client::commands {

// Adds put, get and cat to `registry`; the registry's errors otherwise.
absl::Status RegisterTransferCommands(CommandRegistry& registry);

}  // namespace osp::client::commands
