#include "client/commands/single_transfer.h"

#include <filesystem>
#include <limits>
#include <memory>
#include <system_error>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/file_transfer.h"
#include "client/key_value_flags.h"
#include "client/object_downloader.h"
#include "client/object_uploader.h"
#include "client/output_printer.h"
#include "client/progress_meter.h"
#include "client/proto_format.h"
#include "client/size_parser.h"
#include "client/table.h"
#include "client/usage_error.h"
#include "providers/base/status_macros.h"

namespace osp::client::commands {
namespace {

std::string Basename(const std::string& path) { return path.substr(path.rfind('/') + 1); }

bool IsDirectory(const std::string& path) {
  std::error_code ignored;
  return std::filesystem::is_directory(path, ignored);
}

// The size of the file `path`, or -1 (unknown) if it cannot be read.
int64_t FileSizeOrUnknown(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  return error ? -1 : static_cast<int64_t>(size);
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
  // The largest END is "to the end" too (and END - OFFSET + 1 would overflow from offset 0).
  const bool to_the_end = open_end || end == std::numeric_limits<int64_t>::max();
  range->set_length(to_the_end ? 0 : end - offset + 1);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::PutObjectHeader> UploadHeader(const ParsedArgs& args, CommandContext& ctx,
                                                 const ObjectPath& path) {
  v1::PutObjectHeader header;
  header.set_backend(ctx.backend());
  header.set_bucket(path.bucket);
  header.set_key(path.key);
  header.set_content_type(args.Value("content-type"));
  RETURN_IF_ERROR(AddKeyValues("meta", args.Values("meta"), header.mutable_metadata()));
  return header;
}

absl::Status PutOne(const ParsedArgs& args, CommandContext& ctx, const std::string& local,
                    const ObjectPath& path) {
  ASSIGN_OR_RETURN(v1::PutObjectHeader header, UploadHeader(args, ctx, path));
  const bool from_stdin = local == kStdio;
  if (path.key.empty() || path.key.back() == '/') {
    if (from_stdin) return UsageError("uploading stdin needs a key: BUCKET/KEY");
    header.set_key(path.key + Basename(local));
  }
  if (!from_stdin && IsDirectory(local)) {
    return UsageError(absl::StrCat("'", local, "' is a folder; give --recursive to copy it"));
  }
  std::unique_ptr<ProgressMeter> progress =
      ctx.NewProgress(from_stdin ? -1 : FileSizeOrUnknown(local));
  absl::StatusOr<v1::PutObjectResponse> response =
      from_stdin ? ObjectUploader(ctx, ObjectUploader::kDefaultChunkSize, progress.get())
                       .Upload(header, ctx.in())
                 : FileTransfer(ctx, progress.get()).Upload(header, local);
  progress.reset();  // ends the progress line before the result
  RETURN_IF_ERROR(response.status());
  return PrintUploaded(ctx, path.bucket, *response);
}

absl::StatusOr<v1::GetObjectRequest> DownloadRequest(const ParsedArgs& args, CommandContext& ctx,
                                                     const ObjectPath& path) {
  v1::GetObjectRequest request;
  request.set_backend(ctx.backend());
  request.set_bucket(path.bucket);
  request.set_key(path.key);
  request.set_version_id(args.Value("version-id"));
  if (args.Has("range")) RETURN_IF_ERROR(ParseRange(args.Value("range"), request.mutable_range()));
  return request;
}

absl::Status DownloadToStdout(const v1::GetObjectRequest& request, CommandContext& ctx,
                              ProgressMeter* progress) {
  const absl::Status status = ObjectDownloader(ctx, progress).Download(request, ctx.out()).status();
  RETURN_IF_ERROR(FlushStdout(ctx.out()));
  return status;
}

absl::Status GetOne(const v1::GetObjectRequest& request, CommandContext& ctx, std::string local) {
  if (local == kStdio) {
    std::unique_ptr<ProgressMeter> progress = ctx.NewProgress(-1);
    return DownloadToStdout(request, ctx, progress.get());
  }
  if (local.empty() || IsDirectory(local) || local.back() == '/') {
    const std::string name = Basename(request.key());
    if (name.empty() || name == "." || name == "..") {
      return UsageError(absl::StrCat("key '", request.key(), "' has no file name: give LOCAL"));
    }
    local = local.empty() ? name : absl::StrCat(local, local.back() == '/' ? "" : "/", name);
  }
  std::unique_ptr<ProgressMeter> progress = ctx.NewProgress(-1);
  absl::StatusOr<v1::ObjectInfo> info = FileTransfer(ctx, progress.get()).Download(request, local);
  progress.reset();  // ends the progress line before the result
  RETURN_IF_ERROR(info.status());
  return ctx.printer().Print(*info, [&] {
    Table table;
    table.AddRow({"downloaded", absl::StrCat(request.bucket(), "/", request.key())});
    table.AddRow({"to", local});
    table.AddRow({"size", FormatSize(info->size())});
    table.AddRow({"content type", info->content_type().empty() ? "-" : info->content_type()});
    table.AddRow({"etag", info->etag()});
    table.AddRow({"version id", info->version_id().empty() ? "-" : info->version_id()});
    table.AddRow({"last modified", FormatTimestamp(info->last_modified())});
    return table;
  });
}

}  // namespace osp::client::commands
