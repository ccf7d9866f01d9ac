// ospctl cp: one file or stream, or a folder tree with --recursive, between the local disk and
// s3://BUCKET/KEY, several files at once.
#pragma once

#include "absl/status/status.h"
#include "client/command_registry.h"

namespace osp::client::commands {

// Registers cp. ALREADY_EXISTS if it is registered already.
absl::Status RegisterCopyCommands(CommandRegistry& registry);

}  // namespace osp::client::commands
