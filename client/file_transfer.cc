#include "client/file_transfer.h"

#include <fcntl.h>

#include <cerrno>
#include <cstdio>
#include <ext/stdio_filebuf.h>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "client/local_files.h"
#include "client/object_downloader.h"
#include "client/object_uploader.h"
#include "client/sha256_hasher.h"
#include "providers/base/status_macros.h"

namespace osp::client {

namespace {

namespace fs = std::filesystem;

// Short and fixed whatever the target's name: a key segment near the 255-byte name limit must
// not make the temporary name too long.
constexpr char kTempPrefix[] = ".ospctl-";
constexpr char kTempAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr int kTempSuffixLength = 6;
constexpr int kTempAttempts = 100;

struct TempFile {
  int fd = -1;
  std::string path;
};

// Creates a new file `folder`/.ospctl-XXXXXX for writing. O_EXCL: it is never a file that
// exists (another download's, or one of the user's), so removing it on failure removes only
// ours. Mode 0666 less the umask, as any new file.
absl::StatusOr<TempFile> CreateTempFile(const fs::path& folder) {
  absl::BitGen random;
  for (int attempt = 0; attempt < kTempAttempts; ++attempt) {
    std::string name = kTempPrefix;
    for (int i = 0; i < kTempSuffixLength; ++i) {
      name += kTempAlphabet[absl::Uniform<size_t>(random, 0, sizeof(kTempAlphabet) - 1)];
    }
    TempFile temp;
    temp.path = (folder / name).string();
    temp.fd = ::open(temp.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (temp.fd >= 0) return temp;
    if (errno != EEXIST) return ErrnoStatus(errno, "create", temp.path);
  }
  return absl::AlreadyExistsError(absl::StrCat("cannot create a temporary file in local folder '",
                                               folder.string(), "': every name tried exists"));
}

// Downloads into a new temporary file next to `target`, renamed onto `target` when complete;
// the temporary file is removed on every failure.
absl::StatusOr<v1::ObjectInfo> WriteAndRename(ObjectDownloader& downloader,
                                              const v1::GetObjectRequest& request,
                                              const fs::path& target) {
  fs::path folder = target.parent_path();
  if (folder.empty()) folder = ".";
  ASSIGN_OR_RETURN(const TempFile temp, CreateTempFile(folder));
  // Takes the descriptor: closes it when destroyed unless close() did.
  __gnu_cxx::stdio_filebuf<char> buffer(temp.fd, std::ios::out | std::ios::binary);
  std::ostream file(&buffer);
  const absl::StatusOr<v1::ObjectInfo> info = downloader.Download(request, file);
  absl::Status status = info.status();
  if (!file.flush() || buffer.close() == nullptr) {
    status = ErrnoStatus(errno, "write", temp.path);
  } else if (status.ok() && std::rename(temp.path.c_str(), target.c_str()) != 0) {
    status = ErrnoStatus(errno, "replace", target.string());
  }
  if (!status.ok()) {
    std::remove(temp.path.c_str());
    return status;
  }
  return info;
}

// Downloads straight into `path`, which exists and is not a regular file (a FIFO, a device).
absl::StatusOr<v1::ObjectInfo> WriteInPlace(ObjectDownloader& downloader,
                                            const v1::GetObjectRequest& request,
                                            const std::string& path) {
  std::ofstream file(path, std::ios::binary);
  if (!file) return ErrnoStatus(errno, "open", path);
  const absl::StatusOr<v1::ObjectInfo> info = downloader.Download(request, file);
  file.close();
  if (file.fail()) return ErrnoStatus(errno, "write", path);
  return info;
}

}  // namespace

FileTransfer::FileTransfer(CommandContext& ctx, ProgressMeter* progress)
    : ctx_(ctx), progress_(progress) {}

absl::StatusOr<v1::PutObjectResponse> FileTransfer::Upload(v1::PutObjectHeader header,
                                                           const std::string& local) const {
  std::error_code ignored;
  if (fs::is_directory(local, ignored)) {
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
  ObjectDownloader downloader(ctx_, progress_);
  std::error_code error;
  // A link is followed: the file it leads to is replaced and the link stays, as with cp.
  fs::path target = fs::canonical(local, error);
  if (error) target = local;  // not there yet, or a dangling link (replaced by the file)
  const fs::file_status status = fs::status(target, error);
  // A FIFO or a device (/dev/null) is no file to replace: it gets the data itself.
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    return WriteInPlace(downloader, request, target.string());
  }
  return WriteAndRename(downloader, request, target);
}

}  // namespace osp::client
