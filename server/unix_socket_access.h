// UnixSocketAccess: who may use the Unix socket of listen.unix, from listen.unix_mode (permission
// bits, default 0660) and listen.unix_group (a group name or numeric gid; default the daemon's
// own group). Resolved once from the config (a group name is looked up then, so that an unknown
// group fails --check-config), applied to the socket file after bind. Immutable; thread-safe.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "osp/v1/config.pb.h"
#include "providers/base/logger.h"

namespace osp::server {

class UnixSocketAccess final {
 public:
  // The access of a `listen` that passed ValidateConfig. A numeric unix_group is a gid used as
  // is (it need not have a name); a name is looked up in the group database:
  //   INVALID_ARGUMENT "listen.unix_group: no group named 'x'"
  //   INTERNAL "listen.unix_group: cannot look up 'x': <errno text>"
  // Idempotent (reads the group database; no other side effect).
  static absl::StatusOr<UnixSocketAccess> FromConfig(const v1::ListenConfig& listen);

  // Gives `path` the group (when one is configured), then the mode. Fails with
  //   FAILED_PRECONDITION "listen.unix_group: cannot chown '/run/ospd.sock' to gid 65534: ..."
  //   FAILED_PRECONDITION "listen.unix_mode: cannot chmod '/run/ospd.sock' to 0660: ..."
  // (chown needs the daemon to be a member of the group, or CAP_CHOWN). Idempotent.
  absl::Status Apply(const std::string& path) const;

  unsigned mode() const { return mode_; }
  // The configured group's gid; nullopt: the socket keeps the daemon's group.
  std::optional<gid_t> gid() const { return gid_; }

  // Fields for the "serving" log line: unix_mode ("0660"), and with a configured group
  // unix_group (as configured) and unix_gid (the number).
  void AppendLogFields(providers::base::LogFields* fields) const;

 private:
  UnixSocketAccess(unsigned mode, std::string group, std::optional<gid_t> gid)
      : mode_(mode), group_(std::move(group)), gid_(gid) {}

  unsigned mode_;
  std::string group_;
  std::optional<gid_t> gid_;
};

}  // namespace osp::server
