#include "client/commands/transfer_commands.h"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/key_value_flags.h"
#include "client/local_files.h"
#include "client/object_downloader.h"
#include "client/object_path.h"
#include "client/object_uploader.h"
#include "client/proto_format.h"
#include "client/sha256_hasher.h"
#include "client/size_parser.h"
#include "client/table.h"
#include "client/usage_error.h"
#include "providers/base/status_macros.h"

namespace osp::client::commands {
namespace {

using Kind = FlagSpec::Kind;

constexpr char kSection[] = "Objects";
constexpr char kStdio[] = "-";

std::string Basename(const std::string& path) { return path.substr(path.rfind('/') + 1); }

bool IsDirectory(const std::string& path) {
  std::error_code ignored;
  return std::filesystem::is_directory(path, ignored);
}

absl::Status PrintUploaded(CommandContext& ctx, const std::string& bucket,
                           const v1::PutObjectResponse& response) {
  return ctx.printer().Print(response, [&] {
    Table table;
    table.AddRow({"uploaded", absl::StrCat(bucket, "/", response.key())});
    table.AddRow({"size", FormatSize(response.size())});
    table.AddRow({"etag", response.etag()});
    table.AddRow({"version id", response.version_id().empty() ? "-" : response.version_id()});
    return table;
  });
}

absl::Status RunPut(const ParsedArgs& args, CommandContext& ctx) {
  const std::string& local = args.positionals()[0];
  ASSIGN_OR_RETURN(const ObjectPath path, ParseObjectPath(args.positionals()[1]));
  v1::PutObjectHeader header;
  header.set_backend(ctx.backend());
  header.set_bucket(path.bucket);
  header.set_key(path.key);
  header.set_content_type(args.Value("content-type"));
  RETURN_IF_ERROR(AddKeyValues("meta", args.Values("meta"), header.mutable_metadata()));
  const bool from_stdin = local == kStdio;
  if (path.key.empty() || path.key.back() == '/') {
    if (from_stdin) return UsageError("uploading stdin needs a key: BUCKET/KEY");
    header.set_key(path.key + Basename(local));
  }
  if (from_stdin) {
    ASSIGN_OR_RETURN(const v1::PutObjectResponse response,
                     ObjectUploader(ctx).Upload(header, ctx.in()));
    return PrintUploaded(ctx, path.bucket, response);
  }
  if (IsDirectory(local)) {
    return UsageError(absl::StrCat("'", local, "' is a directory; put uploads one file"));
  }
  std::ifstream file(local, std::ios::binary);
  if (!file) return ErrnoStatus(errno, "open", local);
  // The server verifies size and SHA-256 from the header, so read the file once before sending.
  auto digest = Sha256Hasher::DigestStream(file);
  if (!digest.ok()) return ErrnoStatus(errno, "read", local);
  header.set_size(digest->size);
  header.set_sha256(digest->sha256_hex);
  file.clear();
  file.seekg(0);
  auto response = ObjectUploader(ctx).Upload(header, file);
  if (!response.ok() && file.bad()) return ErrnoStatus(errno, "read", local);
  RETURN_IF_ERROR(response.status());
  return PrintUploaded(ctx, path.bucket, *response);
}

// "OFFSET-END" (END inclusive, as in HTTP ranges) or "OFFSET-" (to the end).
absl::Status ParseRange(const std::string& text, v1::ByteRange* range) {
  const size_t dash = text.find('-');
  int64_t offset = 0;
  int64_t end = 0;
  const bool open_end = dash != std::string::npos && dash + 1 == text.size();
  if (dash == std::string::npos || !absl::SimpleAtoi(text.substr(0, dash), &offset) || offset < 0 ||
      (!open_end && (!absl::SimpleAtoi(text.substr(dash + 1), &end) || end < offset))) {
    return UsageError(absl::StrCat("invalid --range '", text,
                                   "': want OFFSET-END (inclusive) or OFFSET-, e.g. 0-1023"));
  }
  range->set_offset(offset);
  range->set_length(open_end ? 0 : end - offset + 1);
  return absl::OkStatus();
}

absl::StatusOr<v1::GetObjectRequest> GetRequest(const ParsedArgs& args, CommandContext& ctx) {
  ASSIGN_OR_RETURN(const ObjectPath path, ParseObjectKeyPath(args.positionals()[0]));
  v1::GetObjectRequest request;
  request.set_backend(ctx.backend());
  request.set_bucket(path.bucket);
  request.set_key(path.key);
  request.set_version_id(args.Value("version-id"));
  if (args.Has("range")) RETURN_IF_ERROR(ParseRange(args.Value("range"), request.mutable_range()));
  return request;
}

// Downloads into "<local>.part" and renames it on success, so that a failed download never
// leaves a truncated file under the final name.
absl::StatusOr<v1::ObjectInfo> DownloadToFile(CommandContext& ctx,
                                              const v1::GetObjectRequest& request,
                                              const std::string& local) {
  const std::string part = local + ".part";
  std::ofstream file(part, std::ios::binary | std::ios::trunc);
  if (!file) return ErrnoStatus(errno, "create", part);
  auto info = ObjectDownloader(ctx).Download(request, file);
  if (info.ok()) file.close();
  if (!info.ok() || file.fail()) {
    const absl::Status status = file.fail() ? ErrnoStatus(errno, "write", part) : info.status();
    std::remove(part.c_str());
    return status;
  }
  if (std::rename(part.c_str(), local.c_str()) != 0) return ErrnoStatus(errno, "rename", part);
  return info;
}

absl::Status RunGet(const ParsedArgs& args, CommandContext& ctx) {
  ASSIGN_OR_RETURN(const v1::GetObjectRequest request, GetRequest(args, ctx));
  std::string local = args.positionals().size() > 1 ? args.positionals()[1] : "";
  if (local == kStdio) return ObjectDownloader(ctx).Download(request, ctx.out()).status();
  if (local.empty() || IsDirectory(local)) {
    const std::string name = Basename(request.key());
    if (name.empty()) return UsageError("the key ends with '/': give LOCAL");
    local = local.empty() ? name : absl::StrCat(local, "/", name);
  }
  ASSIGN_OR_RETURN(const v1::ObjectInfo info, DownloadToFile(ctx, request, local));
  return ctx.printer().Print(info, [&] {
    Table table;
    table.AddRow({"downloaded", absl::StrCat(request.bucket(), "/", request.key())});
    table.AddRow({"to", local});
    table.AddRow({"size", FormatSize(info.size())});
    table.AddRow({"content type", info.content_type().empty() ? "-" : info.content_type()});
    table.AddRow({"etag", info.etag()});
    table.AddRow({"version id", info.version_id().empty() ? "-" : info.version_id()});
    table.AddRow({"last modified", FormatTimestamp(info.last_modified())});
    return table;
  });
}

absl::Status RunCat(const ParsedArgs& args, CommandContext& ctx) {
  ASSIGN_OR_RETURN(const v1::GetObjectRequest request, GetRequest(args, ctx));
  return ObjectDownloader(ctx).Download(request, ctx.out()).status();
}

std::vector<FlagSpec> ReadFlags() {
  return {
      {"range", Kind::kValue, "OFFSET-END", "only these bytes (END inclusive; OFFSET- to the end)"},
      {"version-id", Kind::kValue, "ID", "read this version"},
  };
}

}  // namespace

absl::Status RegisterTransferCommands(CommandRegistry& registry) {
  CommandSpec put;
  put.path = {"put"};
  put.section = kSection;
  put.args_usage = "LOCAL|- BUCKET/KEY";
  put.summary = "upload a file (or stdin) as one object, streamed in 1 MiB chunks";
  put.details =
      "A file's size and SHA-256 are computed first and sent for the server to verify; stdin\n"
      "is sent as it comes. A key that is empty or ends with '/' gets the file's name appended.";
  put.min_args = put.max_args = 2;
  put.flags = {
      {"content-type", Kind::kValue, "TYPE", "Content-Type of the object"},
      {"meta", Kind::kRepeated, "KEY=VALUE", "user metadata (x-amz-meta-KEY)"},
  };
  put.run = RunPut;
  RETURN_IF_ERROR(registry.Add(std::move(put)));

  CommandSpec get;
  get.path = {"get"};
  get.section = kSection;
  get.args_usage = "BUCKET/KEY [LOCAL|-]";
  get.summary = "download an object to a file (default: the key's name here) or stdout (-)";
  get.details =
      "The data goes to LOCAL.part first and is renamed to LOCAL when complete. To stdout\n"
      "only the data is written, also with --output json.";
  get.min_args = 1;
  get.max_args = 2;
  get.flags = ReadFlags();
  get.run = RunGet;
  RETURN_IF_ERROR(registry.Add(std::move(get)));

  CommandSpec cat;
  cat.path = {"cat"};
  cat.section = kSection;
  cat.args_usage = "BUCKET/KEY";
  cat.summary = "write an object to stdout";
  cat.min_args = cat.max_args = 1;
  cat.flags = ReadFlags();
  cat.run = RunCat;
  return registry.Add(std::move(cat));
}

}  // namespace osp::client::commands
