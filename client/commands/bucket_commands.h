// The bucket commands of ospctl: bucket create|get|list|update|delete and usage.
// Thread-safe (registration only).
#pragma once

#include "absl/status/status.h"
#include "client/command_registry.h"

namespace osp::client::commands {

// Adds the bucket group and `usage` to `registry`; the registry's errors otherwise.
absl::Status RegisterBucketCommands(CommandRegistry& registry);

}  // namespace osp::client::commands
