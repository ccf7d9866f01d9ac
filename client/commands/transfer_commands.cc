#include "client/commands/transfer_commands.h"

#include <string>
#include <utility>
#include <vector>

#include "client/commands/object_command.h"
#include "client/commands/single_transfer.h"
#include "client/object_path.h"
#include "providers/base/status_macros.h"

namespace osp::client::commands {
namespace {

using Kind = FlagSpec::Kind;

absl::Status RunPut(const ParsedArgs& args, CommandContext& ctx) {
  ASSIGN_OR_RETURN(const ObjectPath path, ParseObjectPath(args.positionals()[1]));
  return PutOne(args, ctx, args.positionals()[0], path);
}

absl::Status RunGet(const ParsedArgs& args, CommandContext& ctx) {
  ASSIGN_OR_RETURN(const ObjectPath path, ParseObjectKeyPath(args.positionals()[0]));
  ASSIGN_OR_RETURN(const v1::GetObjectRequest request, DownloadRequest(args, ctx, path));
  return GetOne(request, ctx, args.positionals().size() > 1 ? args.positionals()[1] : "");
}

absl::Status RunCat(const ParsedArgs& args, CommandContext& ctx) {
  ASSIGN_OR_RETURN(const ObjectPath path, ParseObjectKeyPath(args.positionals()[0]));
  ASSIGN_OR_RETURN(const v1::GetObjectRequest request, DownloadRequest(args, ctx, path));
  return DownloadToStdout(request, ctx, nullptr);
}

std::vector<FlagSpec> ReadFlags() {
  return {
      {"range", Kind::kValue, "OFFSET-END", "only these bytes (END inclusive; OFFSET- to the end)"},
      {"version-id", Kind::kValue, "ID", "read this version"},
  };
}

}  // namespace

absl::Status RegisterTransferCommands(CommandRegistry& registry) {
  CommandSpec put =
      ObjectCommand("put", "LOCAL|- [s3://]BUCKET/KEY",
                    "upload a file (or stdin) as one object, streamed in 1 MiB chunks", 2, 2,
                    {
                        {"content-type", Kind::kValue, "TYPE", "Content-Type of the object"},
                        {"meta", Kind::kRepeated, "KEY=VALUE", "user metadata (x-amz-meta-KEY)"},
                    },
                    RunPut);
  put.details =
      "A file's size and SHA-256 are computed first and sent for the server to verify; stdin\n"
      "is sent as it comes. A key that is empty or ends with '/' gets the file's name appended.";
  RETURN_IF_ERROR(registry.Add(std::move(put)));

  CommandSpec get =
      ObjectCommand("get", "[s3://]BUCKET/KEY [LOCAL|-]",
                    "download an object to a file (default: the key's name here) or stdout (-)", 1,
                    2, ReadFlags(), RunGet);
  get.details =
      "The data goes to a new hidden file .ospctl-XXXXXX next to LOCAL first and is renamed\n"
      "to LOCAL when complete. A symlink LOCAL stays: the file it leads to is replaced; a FIFO\n"
      "or device is written in place. To stdout only the data is written, also with\n"
      "--output json.";
  RETURN_IF_ERROR(registry.Add(std::move(get)));

  return registry.Add(ObjectCommand("cat", "[s3://]BUCKET/KEY", "write an object to stdout", 1, 1,
                                    ReadFlags(), RunCat));
}

}  // namespace osp::client::commands
