#include "client/commands/all_commands.h"

#include "client/commands/bucket_commands.h"
#include "client/commands/copy_commands.h"
#include "client/commands/info_commands.h"
#include "client/commands/object_commands.h"
#include "client/commands/transfer_commands.h"
#include "client/commands/user_commands.h"
#include "providers/base/status_macros.h"

namespace osp::client::commands {

absl::Status RegisterAllCommands(CommandRegistry& registry) {
  RETURN_IF_ERROR(RegisterInfoCommands(registry));
  RETURN_IF_ERROR(RegisterUserCommands(registry));
  RETURN_IF_ERROR(RegisterBucketCommands(registry));
  RETURN_IF_ERROR(RegisterObjectCommands(registry));
  RETURN_IF_ERROR(RegisterTransferCommands(registry));
  RETURN_IF_ERROR(RegisterCopyCommands(registry));
  return absl::OkStatus();
}

}  // namespace osp::client::commands
