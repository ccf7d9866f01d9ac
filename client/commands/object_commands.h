// The object browsing commands of ospctl: ls, rm, presign. Thread-safe (registration only).
#pragma once

#include "absl/status/status.h"
#include "client/command_registry.h"

namespace osp::client::commands {

// Adds ls, rm and presign to `registry`; the registry's errors otherwise.
absl::Status RegisterObjectCommands(CommandRegistry& registry);

}  // namespace osp::client::commands
