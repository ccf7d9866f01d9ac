#include "client/file_transfer.h"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "client/local_files.h"
#include "client/object_downloader.h"
#include "client/object_uploader.h"
#include "client/sha256_hasher.h"
#include "providers/base/status_macros.h"

namespace osp::client {

FileTransfer::FileTransfer(CommandContext& ctx, ProgressMeter* progress)
    : ctx_(ctx), progress_(progress) {}

absl::StatusOr<v1::PutObjectResponse> FileTransfer::Upload(v1::PutObjectHeader header,
                                                           const std::string& local) const {
  std::error_code ignored;
  if (std::filesystem::is_directory(local, ignored)) {
    return absl::FailedPreconditionError(absl::StrCat("'", local, "' is a folder, not a file"));
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
  auto response =
      ObjectUploader(ctx_, ObjectUploader::kDefaultChunkSize, progress_).Upload(header, file);
  if (!response.ok() && file.bad()) return ErrnoStatus(errno, "read", local);
  return response;
}

absl::StatusOr<v1::ObjectInfo> FileTransfer::Download(const v1::GetObjectRequest& request,
                                                      const std::string& local) const {
  const std::string part = local + ".part";
  std::ofstream file(part, std::ios::binary | std::ios::trunc);
  if (!file) return ErrnoStatus(errno, "create", part);
  auto info = ObjectDownloader(ctx_, progress_).Download(request, file);
  if (info.ok()) file.close();
  if (!info.ok() || file.fail()) {
    const absl::Status status = file.fail() ? ErrnoStatus(errno, "write", part) : info.status();
    std::remove(part.c_str());
    return status;
  }
  if (std::rename(part.c_str(), local.c_str()) != 0) {
    const absl::Status status = ErrnoStatus(errno, "rename", part);
    std::remove(part.c_str());
    return status;
  }
  return info;
}

}  // namespace osp::client
