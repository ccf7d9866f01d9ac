#include "client/local_files.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace osp::client {

absl::Status ErrnoStatus(int error_number, absl::string_view what, absl::string_view path) {
  const std::string message =
      absl::StrCat("cannot ", what, " local file '", path, "': ", std::strerror(error_number));
  switch (error_number) {
    case ENOENT:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    case EEXIST:
      return absl::AlreadyExistsError(message);
    case ENOSPC:
      return absl::ResourceExhaustedError(message);
    case EISDIR:
    case ENOTDIR:
      return absl::FailedPreconditionError(message);
    default:
      return absl::InternalError(message);
  }
}

absl::StatusOr<std::string> ReadLocalFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ErrnoStatus(errno, "open", path);
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return ErrnoStatus(errno, "read", path);
  return content.str();
}

}  // namespace osp::client
