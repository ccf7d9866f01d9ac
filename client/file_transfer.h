// FileTransfer: one local file to an object or one object to a local file, the unit that put,
// get and every file of `cp` use. Uploads send the file's size and SHA-256 for the server to
// verify; downloads go to a new temporary file ".ospctl-XXXXXX" in the target's folder and are
// renamed when complete, so a failed download never leaves a truncated file under the final
// name, and concurrent downloads never share a temporary file. Thread-safe if the context is: the
// workers of a recursive copy share one FileTransfer.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "client/command_context.h"
#include "client/progress_meter.h"
#include "osp/v1/provider.pb.h"

namespace osp::client {

class FileTransfer final {
 public:
  // `progress` (may be null) counts the bytes moved; it must outlive this object.
  FileTransfer(CommandContext& ctx, ProgressMeter* progress);
  FileTransfer(const FileTransfer&) = delete;
  FileTransfer& operator=(const FileTransfer&) = delete;

  // Uploads the file `local` with `header` (its size and sha256 are set here). The errors of
  // ErrnoStatus (local_files.h) naming `local` if it cannot be opened or read, FAILED_PRECONDITION
  // for a folder, else the RPC's status. Idempotent as PutObject is.
  absl::StatusOr<v1::PutObjectResponse> Upload(v1::PutObjectHeader header,
                                               const std::string& local) const;

  // Downloads the object `request` names to the file `local` (replaced if it exists; if `local`
  // is a symlink, the file it leads to is replaced; a FIFO or device is written in place). The
  // RPC's or ObjectDownloader's status, or the ErrnoStatus of creating, writing or renaming the
  // temporary file; on every failure that file (and no other) is removed. Idempotent.
  absl::StatusOr<v1::ObjectInfo> Download(const v1::GetObjectRequest& request,
                                          const std::string& local) const;

 private:
  CommandContext& ctx_;
  ProgressMeter* const progress_;
};

}  // namespace osp::client
