// One file or stream to one object and back, as put, get and the single-file forms of cp do
// it: flags to request, progress line, result printed as a table or JSON. Thread-compatible.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/command_context.h"
#include "client/object_path.h"
#include "client/parsed_args.h"
#include "client/progress_meter.h"
#include "osp/v1/provider.pb.h"

namespace osp::client::commands {

// "-" for stdin or stdout.
inline constexpr char kStdio[] = "-";

// The PutObject header for `path` with --content-type and --meta of `args`. A usage error for
// a bad --meta.
absl::StatusOr<v1::PutObjectHeader> UploadHeader(const ParsedArgs& args, CommandContext& ctx,
                                                 const ObjectPath& path);

// Uploads `local` (a file, or "-" for stdin) to `path`; a key that is empty or ends with '/'
// gets the file's name appended. Prints the PutObjectResponse. Usage errors for stdin without
// a key and for a folder; else FileTransfer::Upload's errors.
absl::Status PutOne(const ParsedArgs& args, CommandContext& ctx, const std::string& local,
                    const ObjectPath& path);

// The GetObject request for `path` with --version-id and --range of `args`. A usage error for
// a bad --range.
absl::StatusOr<v1::GetObjectRequest> DownloadRequest(const ParsedArgs& args, CommandContext& ctx,
                                                     const ObjectPath& path);

// Streams `request` to stdout (only the data), counting into `progress` unless it is null.
// DATA_LOSS "cannot write to standard output" if stdout fails; else ObjectDownloader's errors.
absl::Status DownloadToStdout(const v1::GetObjectRequest& request, CommandContext& ctx,
                              ProgressMeter* progress);

// Downloads `request` to `local`: "-" for stdout (only the data), empty for the key's name
// here, a folder for the key's name in it. Prints the ObjectInfo. A usage error if the key's
// name is empty, "." or ".."; else DownloadToStdout's or FileTransfer::Download's errors.
absl::Status GetOne(const v1::GetObjectRequest& request, CommandContext& ctx, std::string local);

}  // namespace osp::client::commands
