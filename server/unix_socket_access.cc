#include "server/unix_socket_access.h"

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/config_validator.h"

namespace osp::server {
namespace {

bool IsNumber(const std::string& text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !text.empty();
}

absl::StatusOr<gid_t> LookUpGroup(const std::string& name) {
  long hint = ::sysconf(_SC_GETGR_R_SIZE_MAX);
  std::vector<char> buffer(hint > 0 ? static_cast<size_t>(hint) : 1024);
  while (true) {
    struct group entry {};
    struct group* found = nullptr;
    int error = ::getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
    if (error == ERANGE && buffer.size() < (1u << 20)) {
      buffer.resize(buffer.size() * 2);
      continue;
    }
    if (error != 0) {
      return absl::InternalError(
          absl::StrCat("listen.unix_group: cannot look up '", name, "': ", std::strerror(error)));
    }
    if (found == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("listen.unix_group: no group named '", name, "'"));
    }
    return found->gr_gid;
  }
}

}  // namespace

absl::StatusOr<UnixSocketAccess> UnixSocketAccess::FromConfig(const v1::ListenConfig& listen) {
  unsigned mode = kDefaultUnixMode;
  if (!listen.unix_mode().empty() && !ParseUnixMode(listen.unix_mode(), &mode)) {
    return absl::InvalidArgumentError("listen.unix_mode: must be an octal mode such as 0660");
  }
  const std::string& group = listen.unix_group();
  if (group.empty()) return UnixSocketAccess(mode, group, std::nullopt);
  if (IsNumber(group)) {
    uint32_t gid = 0;
    // (gid_t)-1 means "leave the group unchanged" to chown, so it is no group.
    if (!absl::SimpleAtoi(group, &gid) || gid == static_cast<uint32_t>(-1)) {
      return absl::InvalidArgumentError("listen.unix_group: must be a group name or a numeric gid");
    }
    return UnixSocketAccess(mode, group, static_cast<gid_t>(gid));
  }
  absl::StatusOr<gid_t> gid = LookUpGroup(group);
  if (!gid.ok()) return gid.status();
  return UnixSocketAccess(mode, group, *gid);
}

absl::Status UnixSocketAccess::Apply(const std::string& path) const {
  // Group first: with the mode already open to the group, the old group would briefly get in.
  if (gid_.has_value() && ::chown(path.c_str(), static_cast<uid_t>(-1), *gid_) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "listen.unix_group: cannot chown '", path, "' to gid ", *gid_, ": ", std::strerror(errno)));
  }
  if (::chmod(path.c_str(), mode_) != 0) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "listen.unix_mode: cannot chmod '%s' to %04o: %s", path, mode_, std::strerror(errno)));
  }
  return absl::OkStatus();
}

void UnixSocketAccess::AppendLogFields(providers::base::LogFields* fields) const {
  fields->emplace_back("unix_mode", absl::StrFormat("%04o", mode_));
  if (gid_.has_value()) {
    fields->emplace_back("unix_group", group_);
    fields->emplace_back("unix_gid", absl::StrCat(*gid_));
  }
}

}  // namespace osp::server
