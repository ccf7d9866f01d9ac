#include "client/commands/object_commands.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/commands/object_command.h"
#include "client/copy_plan.h"
#include "client/duration_parser.h"
#include "client/object_lister.h"
#include "client/object_path.h"
#include "client/proto_format.h"
#include "client/size_parser.h"
#include "client/table.h"
#include "client/usage_error.h"
#include "providers/base/status_macros.h"

namespace osp::client::commands {
namespace {

using Kind = FlagSpec::Kind;
using Stub = v1::ObjectStoreProvider::StubInterface;

// DeleteObjects takes at most this many keys per call.
constexpr int kDeleteBatch = 1000;

// Names below the listed "folder" show relative to it, as `aws s3 ls` does; --recursive shows
// whole keys.
std::string DisplayName(const std::string& key, const std::string& folder) {
  return key.compare(0, folder.size(), folder) == 0 ? key.substr(folder.size()) : key;
}

// One line per folder and object, printed page by page so that large buckets stream.
void PrintPage(const v1::ListObjectsResponse& page, const std::string& folder, OutputPrinter& out) {
  for (const std::string& prefix : page.common_prefixes()) {
    out.PrintLine(absl::StrFormat("%30s %s", "PRE", DisplayName(prefix, folder)));
  }
  for (const v1::ObjectInfo& object : page.objects()) {
    out.PrintLine(absl::StrFormat("%19s %10s %s", FormatTimestamp(object.last_modified()),
                                  FormatSize(object.size()), DisplayName(object.key(), folder)));
  }
}

Table VersionsTable(const v1::ListObjectsResponse& all) {
  Table table({"LAST MODIFIED", "SIZE", "VERSION ID", "LATEST", "KEY"});
  table.AlignRight(1);
  for (const std::string& prefix : all.common_prefixes()) table.AddRow({"", "PRE", "", "", prefix});
  for (const v1::ObjectInfo& object : all.objects()) {
    table.AddRow({FormatTimestamp(object.last_modified()),
                  object.delete_marker() ? "(delete marker)" : FormatSize(object.size()),
                  object.version_id().empty() ? "-" : object.version_id(),
                  YesNo(object.is_latest()), object.key()});
  }
  return table;
}

absl::Status RunLs(const ParsedArgs& args, CommandContext& ctx) {
  ASSIGN_OR_RETURN(const ObjectPath path, ParseObjectPath(args.positionals()[0]));
  const bool recursive = args.Bool("recursive");
  const bool versions = args.Bool("versions");
  v1::ListObjectsRequest request;
  request.set_backend(ctx.backend());
  request.set_bucket(path.bucket);
  request.set_prefix(path.key);
  if (!recursive) request.set_delimiter("/");
  request.set_versions(versions);
  const std::string folder = recursive ? "" : path.key.substr(0, path.key.rfind('/') + 1);
  const bool stream = !ctx.printer().json() && !versions;
  v1::ListObjectsResponse all;
  RETURN_IF_ERROR(ObjectLister(ctx).ForEachPage(request, [&](const v1::ListObjectsResponse& page) {
    if (stream) {
      PrintPage(page, folder, ctx.printer());
    } else {
      all.mutable_objects()->MergeFrom(page.objects());
      all.mutable_common_prefixes()->MergeFrom(page.common_prefixes());
    }
    return absl::OkStatus();
  }));
  if (stream) return absl::OkStatus();
  return ctx.printer().Print(all, [&] { return VersionsTable(all); });
}

// Every object below the prefix `path` names (with --versions every version and delete
// marker), for rm --recursive.
absl::Status AddEveryObjectBelow(const ObjectPath& path, bool versions, CommandContext& ctx,
                                 v1::DeleteObjectsRequest* request) {
  request->set_bucket(path.bucket);
  // A folder, as for cp: "logs" must not take "logs2/" with it.
  ASSIGN_OR_RETURN(const std::vector<v1::ObjectInfo> objects,
                   ObjectLister(ctx).ListAll(path.bucket, FolderPrefix(path.key), versions));
  for (const v1::ObjectInfo& object : objects) {
    v1::ObjectIdentifier* id = request->add_objects();
    id->set_key(object.key());
    if (versions) id->set_version_id(object.version_id());
  }
  return absl::OkStatus();
}

absl::Status RunRm(const ParsedArgs& args, CommandContext& ctx) {
  const bool recursive = args.Bool("recursive");
  if (args.Has("version-id") && (recursive || args.positionals().size() != 1)) {
    return UsageError("--version-id needs exactly one BUCKET/KEY (and no --recursive)");
  }
  if (args.Bool("versions") && !recursive) return UsageError("--versions needs --recursive");
  if (recursive && args.positionals().size() != 1) {
    return UsageError("rm --recursive takes one BUCKET/PREFIX");
  }
  v1::DeleteObjectsRequest request;
  request.set_backend(ctx.backend());
  if (recursive) {
    ASSIGN_OR_RETURN(const ObjectPath path, ParseObjectPath(args.positionals()[0]));
    RETURN_IF_ERROR(AddEveryObjectBelow(path, args.Bool("versions"), ctx, &request));
  }
  for (size_t i = 0; !recursive && i < args.positionals().size(); ++i) {
    ASSIGN_OR_RETURN(const ObjectPath path, ParseObjectKeyPath(args.positionals()[i]));
    if (!request.bucket().empty() && path.bucket != request.bucket()) {
      return UsageError("rm takes keys of one bucket at a time");
    }
    request.set_bucket(path.bucket);
    v1::ObjectIdentifier* object = request.add_objects();
    object->set_key(path.key);
    object->set_version_id(args.Value("version-id"));
  }
  v1::DeleteObjectsResponse all;
  for (int start = 0; start < request.objects_size(); start += kDeleteBatch) {
    v1::DeleteObjectsRequest batch = request;
    batch.clear_objects();
    for (int i = start; i < request.objects_size() && i < start + kDeleteBatch; ++i) {
      *batch.add_objects() = request.objects(i);
    }
    v1::DeleteObjectsResponse response;
    RETURN_IF_ERROR(ctx.Unary(&Stub::DeleteObjects, batch, &response));
    all.mutable_deleted()->MergeFrom(response.deleted());
    all.mutable_errors()->MergeFrom(response.errors());
  }
  RETURN_IF_ERROR(ctx.printer().Print(all, [&] {
    Table table({"RESULT", "OBJECT", "VERSION ID", "ERROR"});
    for (const v1::ObjectIdentifier& object : all.deleted()) {
      table.AddRow({"deleted", absl::StrCat(request.bucket(), "/", object.key()),
                    object.version_id().empty() ? "-" : object.version_id(), ""});
    }
    for (const v1::DeleteObjectError& error : all.errors()) {
      table.AddRow({"failed", absl::StrCat(request.bucket(), "/", error.object().key()),
                    error.object().version_id().empty() ? "-" : error.object().version_id(),
                    absl::StrCat(error.code(), ": ", error.message())});
    }
    return table;
  }));
  if (all.errors().empty()) return absl::OkStatus();
  const v1::DeleteObjectError& first = all.errors(0);
  return absl::UnknownError(absl::StrCat(all.errors_size(), " of ", request.objects_size(),
                                         " objects not deleted; first: ", request.bucket(), "/",
                                         first.object().key(), ": ", first.code()));
}

absl::Status RunPresign(const ParsedArgs& args, CommandContext& ctx) {
  ASSIGN_OR_RETURN(const ObjectPath path, ParseObjectKeyPath(args.positionals()[0]));
  v1::PresignObjectRequest request;
  request.set_backend(ctx.backend());
  request.set_bucket(path.bucket);
  request.set_key(path.key);
  request.set_version_id(args.Value("version-id"));
  const std::string method = args.Value("method", "get");
  if (method == "get") {
    request.set_method(v1::PRESIGN_METHOD_GET);
  } else if (method == "put") {
    request.set_method(v1::PRESIGN_METHOD_PUT);
  } else {
    return UsageError(absl::StrCat("invalid --method '", method, "': want get or put"));
  }
  if (args.Has("ttl")) {
    ASSIGN_OR_RETURN(const absl::Duration ttl, ParseDuration(args.Value("ttl")));
    request.mutable_ttl()->set_seconds(absl::ToInt64Seconds(ttl));
  }
  v1::PresignObjectResponse response;
  RETURN_IF_ERROR(ctx.Unary(&Stub::PresignObject, request, &response));
  if (ctx.printer().json()) return ctx.printer().PrintJson(response);
  ctx.printer().PrintLine(response.url());
  return absl::OkStatus();
}

}  // namespace

absl::Status RegisterObjectCommands(CommandRegistry& registry) {
  RETURN_IF_ERROR(registry.Add(ObjectCommand(
      "ls", "[s3://]BUCKET[/PREFIX]", "list objects and folders (PRE) under a prefix, every page",
      1, 1,
      {
          {"recursive", Kind::kBool, "", "list every key below the prefix (no folders)"},
          {"versions", Kind::kBool, "", "list every version and delete marker"},
      },
      RunLs)));

  CommandSpec rm = ObjectCommand(
      "rm", "[s3://]BUCKET/KEY...",
      "delete objects of one bucket, or all below a prefix (--recursive)", 1,
      CommandSpec::kUnbounded,
      {
          {"version-id", Kind::kValue, "ID", "delete this version (one key only)"},
          {"recursive", Kind::kBool, "", "delete every key below the prefix"},
          {"versions", Kind::kBool, "", "with --recursive: delete every version and delete marker"},
      },
      RunRm);
  rm.details =
      "--recursive lists every key below the folder PREFIX/ (\"logs\" means \"logs/\"; no PREFIX:\n"
      "the whole bucket) and deletes them in batches of 1000\n"
      "(with --versions: every version and delete marker, which empties a versioned prefix).\n"
      "Exits with 2 (UNKNOWN) if the backend refused some keys; the table lists them.";
  RETURN_IF_ERROR(registry.Add(std::move(rm)));

  return registry.Add(ObjectCommand(
      "presign", "[s3://]BUCKET/KEY", "print a presigned GET or PUT URL on the public S3 endpoint",
      1, 1,
      {
          {"method", Kind::kValue, "METHOD", "get or put (default get)"},
          {"ttl", Kind::kValue, "DURATION", "validity, e.g. 1h, 7d (default: server's, 15m)"},
          {"version-id", Kind::kValue, "ID", "sign this version"},
      },
      RunPresign));
}

}  // namespace osp::client::commands
