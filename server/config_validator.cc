#include "server/config_validator.h"

#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "providers/base/status_macros.h"
#include "server/json_logger.h"

namespace osp::server {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Reflection;

absl::Status FieldError(absl::string_view path, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", what));
}

// "host:port" with a non-empty host ("[::]" for IPv6) and a port in 0..65535.
bool IsHostPort(const std::string& address) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  std::string host = address.substr(0, colon);
  if (host.find(':') != std::string::npos && (host.front() != '[' || host.back() != ']')) {
    return false;
  }
  uint32_t port = 0;
  return absl::SimpleAtoi(address.substr(colon + 1), &port) && port <= 65535 &&
         address.find_first_of(" /") == std::string::npos;
}

bool IsValidBackendId(const std::string& id) {
  if (id.empty() || id.size() > 63) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// A group name as useradd/groupadd accept it ([A-Za-z0-9._-], not starting with '-'), or a
// number; whether the name exists is checked when the socket's access is resolved.
bool IsGroupNameOrId(const std::string& group) {
  if (group.empty() || group.size() > 32 || group.front() == '-') return false;
  for (char c : group) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

absl::Status ValidateAllowedSubjects(const v1::TlsConfig& tls) {
  if (tls.allowed_client_subjects().empty()) return absl::OkStatus();
  if (tls.client_ca_file().empty()) {
    return FieldError("listen.tls.allowed_client_subjects", "requires client_ca_file");
  }
  std::set<std::string> seen;
  for (int i = 0; i < tls.allowed_client_subjects_size(); ++i) {
    const std::string& subject = tls.allowed_client_subjects(i);
    std::string field = absl::StrCat("listen.tls.allowed_client_subjects[", i, "]");
    // What `openssl x509 -subject` prints starts with "subject="; no certificate's DN does.
    if (subject.find('=') == std::string::npos || absl::StartsWith(subject, "subject=") ||
        absl::StripAsciiWhitespace(subject) != subject) {
      return FieldError(field, "must be a subject DN in RFC 2253 form such as CN=ospctl,O=Example");
    }
    if (!seen.insert(subject).second) {
      return FieldError(field, absl::StrCat("duplicate '", subject, "'"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateListen(const v1::ListenConfig& listen) {
  if (listen.unix().empty() && listen.tcp().empty()) {
    return FieldError("listen", "at least one of unix or tcp is required");
  }
  unsigned mode = 0;
  if (!listen.unix_mode().empty() && !ParseUnixMode(listen.unix_mode(), &mode)) {
    return FieldError("listen.unix_mode", "must be an octal mode such as 0660");
  }
  if (!listen.unix_mode().empty() && listen.unix().empty()) {
    return FieldError("listen.unix_mode", "requires unix");
  }
  if (!listen.unix_group().empty() && !IsGroupNameOrId(listen.unix_group())) {
    return FieldError("listen.unix_group", "must be a group name or a numeric gid");
  }
  if (!listen.unix_group().empty() && listen.unix().empty()) {
    return FieldError("listen.unix_group", "requires unix");
  }
  if (!listen.tcp().empty() && !IsHostPort(listen.tcp())) {
    return FieldError("listen.tcp", "must be host:port");
  }
  if (listen.keepalive_seconds() < 0 || listen.keepalive_seconds() > kMaxKeepaliveSeconds) {
    return FieldError("listen.keepalive_seconds",
                      absl::StrCat("must be 1..", kMaxKeepaliveSeconds, " (0 for ",
                                   kDefaultKeepaliveSeconds, ")"));
  }
  if (!listen.has_tls()) return absl::OkStatus();
  const v1::TlsConfig& tls = listen.tls();
  if (listen.tcp().empty()) return FieldError("listen.tls", "requires tcp");
  if (tls.cert_file().empty() && !tls.key_file().empty()) {
    return FieldError("listen.tls.cert_file", "required with key_file");
  }
  if (tls.key_file().empty() && !tls.cert_file().empty()) {
    return FieldError("listen.tls.key_file", "required with cert_file");
  }
  if (tls.cert_file().empty()) {
    return FieldError("listen.tls.cert_file",
                      tls.client_ca_file().empty() ? "required" : "required with client_ca_file");
  }
  return ValidateAllowedSubjects(tls);
}

// A built-in type (one named like a section field of BackendConfig: ecs, minio) needs its
// section, and neither another section nor settings. Any other type is a plugin's: no built-in
// section, settings optional. Whether some plugin registered it is checked when the backends
// are built (LoadBackends), since plugins are only loaded then.
absl::Status ValidateBackendSections(const v1::BackendConfig& backend, const std::string& path) {
  const Descriptor* descriptor = backend.GetDescriptor();
  const Reflection* reflection = backend.GetReflection();
  bool builtin = false;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || field->is_map()) continue;
    std::string section_path = absl::StrCat(path, ".", field->name());
    bool present = reflection->HasField(backend, field);
    if (field->name() == backend.type()) {
      builtin = true;
      if (!present) {
        return FieldError(section_path, absl::StrCat("required for type ", field->name()));
      }
    } else if (present) {
      return FieldError(section_path, absl::StrCat("only allowed for type ", field->name()));
    }
  }
  if (builtin && !backend.settings().empty()) {
    return FieldError(absl::StrCat(path, ".settings"),
                      absl::StrCat("only for plugin types, not ", backend.type()));
  }
  return absl::OkStatus();
}

absl::Status ValidatePlugins(const v1::DaemonConfig& config) {
  std::set<std::string> paths;
  for (int i = 0; i < config.plugins_size(); ++i) {
    const std::string& path = config.plugins(i);
    std::string field = absl::StrCat("plugins[", i, "]");
    // Never a bare name: dlopen would search the library path for it.
    if (path.empty() || path.front() != '/') return FieldError(field, "must be an absolute path");
    if (!paths.insert(path).second) {
      return FieldError(field, absl::StrCat("duplicate '", path, "'"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateBackends(const v1::DaemonConfig& config) {
  if (config.backends().empty()) {
    return FieldError("backends", "at least one backend is required");
  }
  std::set<std::string> ids;
  for (int i = 0; i < config.backends_size(); ++i) {
    const v1::BackendConfig& backend = config.backends(i);
    std::string path = absl::StrCat("backends[", i, "]");
    if (backend.id().empty()) return FieldError(path + ".id", "required");
    if (!IsValidBackendId(backend.id())) {
      return FieldError(path + ".id", "must match [a-z0-9-]{1,63}");
    }
    if (!ids.insert(backend.id()).second) {
      return FieldError(path + ".id", absl::StrCat("duplicate '", backend.id(), "'"));
    }
    if (backend.type().empty()) return FieldError(path + ".type", "required");
    RETURN_IF_ERROR(ValidateBackendSections(backend, path));
  }
  return absl::OkStatus();
}

}  // namespace

bool ParseUnixMode(const std::string& text, unsigned* mode) {
  if (text.empty() || text.size() > 4) return false;
  unsigned value = 0;
  for (char c : text) {
    if (c < '0' || c > '7') return false;
    value = value * 8 + static_cast<unsigned>(c - '0');
  }
  if (value > 0777) return false;
  *mode = value;
  return true;
}

absl::Status ValidateConfig(const v1::DaemonConfig& config) {
  RETURN_IF_ERROR(ValidateListen(config.listen()));
  if (!config.metrics().listen().empty() && !IsHostPort(config.metrics().listen())) {
    return FieldError("metrics.listen", "must be host:port");
  }
  if (!config.log().level().empty() && !ParseLogLevel(config.log().level()).ok()) {
    return FieldError("log.level", "must be one of debug, info, warn, error");
  }
  if (config.shutdown_grace_seconds() < 0 ||
      config.shutdown_grace_seconds() > kMaxShutdownGraceSeconds) {
    return FieldError("shutdown_grace_seconds",
                      absl::StrCat("must be 0..", kMaxShutdownGraceSeconds));
  }
  // gRPC's sync server keeps one thread polling, so one thread could never run an RPC.
  if (config.max_threads() < 0 || config.max_threads() == 1 ||
      config.max_threads() > kMaxMaxThreads) {
    return FieldError("max_threads", absl::StrCat("must be 2..", kMaxMaxThreads, " (0 for ",
                                                  kDefaultMaxThreads, ")"));
  }
  RETURN_IF_ERROR(ValidatePlugins(config));
  return ValidateBackends(config);
}

}  // namespace osp::server
