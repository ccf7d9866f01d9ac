// ValidateConfig: the value checks on a parsed DaemonConfig that the schema cannot express
// (required fields, ranges, formats, one section per backend type), plus the defaults the
// daemon applies to fields left unset. Backend sections are checked by their provider factory,
// and whether a plugin registered a backend's type when the backends are built, not here.
// Stateless; thread-safe.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "osp/v1/config.pb.h"

namespace osp::server {

// Defaults for fields left at zero / empty.
inline constexpr int kDefaultShutdownGraceSeconds = 10;
inline constexpr int kMaxShutdownGraceSeconds = 300;
inline constexpr int kDefaultMaxThreads = 128;
inline constexpr int kMaxMaxThreads = 1024;
inline constexpr unsigned kDefaultUnixMode = 0660;
inline constexpr int kDefaultKeepaliveSeconds = 60;
inline constexpr int kMaxKeepaliveSeconds = 7200;

// OK, or INVALID_ARGUMENT for the first problem found, its message naming the field by its path:
//   "backends: at least one backend is required"
//   "listen: at least one of unix or tcp is required"
//   "listen.tls.key_file: required with cert_file"
//   "listen.unix_group: must be a group name or a numeric gid"
//   "listen.tls.allowed_client_subjects: requires client_ca_file"
//   "listen.tls.allowed_client_subjects[1]: must be a subject DN in RFC 2253 form ..."
//   "backends[0].id: must match [a-z0-9-]{1,63}"
//   "backends[2].id: duplicate 'x'"
//   "backends[0].ecs: required for type ecs"
//   "backends[0].settings: only for plugin types, not ecs"
//   "plugins[0]: must be an absolute path"
//   "log.level: must be one of debug, info, warn, error"
absl::Status ValidateConfig(const v1::DaemonConfig& config);

// Parses an octal permission string such as "0660" or "660" (at most 0777). False if malformed.
bool ParseUnixMode(const std::string& text, unsigned* mode);

}  // namespace osp::server
