// Backend loading: turns each validated BackendConfig into providers::BackendSettings (the
// scalar fields of the section named by `type` as text, its secrets resolved from *_file or
// *_env) and builds the providers through the Registry into a BackendSet. Runs once at start-up
// and for --check-config; makes no backend call. Stateless functions; thread-compatible.
#pragma once

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "osp/v1/config.pb.h"
#include "providers/backend_settings.h"
#include "providers/registry.h"
#include "server/backend_set.h"

namespace osp::server {

// Environment variables by name. main() passes the process environment; tests pass a map.
using Environment = std::map<std::string, std::string>;

// The settings of `backend` (validated by ValidateConfig), which is backends[`index`] in the
// file. In the section, a field pair <x>_file / <x>_env is the secret <x>: exactly one must be
// set, else INVALID_ARGUMENT "backends[0].ecs.password_file or password_env: exactly one is
// required". A plugin's type (one without a section) takes its values from the `settings` map,
// where a key <x>_file or <x>_env is the secret <x> in the same way. A secret file is read whole
// with trailing newlines removed; an unreadable or empty file, or an unset or empty variable, fails
// naming the field and the path or variable name. Every other field left at its default is absent
// from `values`. No message holds a secret.
absl::StatusOr<providers::BackendSettings> MakeBackendSettings(const v1::BackendConfig& backend,
                                                               int index, const Environment& env);

// Builds every backend of `config` (validated by ValidateConfig) and adds it to `backends`, in
// file order; once all are built, logs "backend loaded" (id, type) for each through deps.logger
// (required).
// Returns the first failure: a MakeBackendSettings error; INVALID_ARGUMENT
// "backends[0].type: no provider registered for 'x' (registered: ...)"; or the factory's error
// with its message prefixed by the section path ("backends[1].ecs.namespace: required",
// "backends[2].settings.endpoint: required" for a plugin's type).
absl::Status LoadBackends(const v1::DaemonConfig& config, const Environment& env,
                          const providers::Registry& registry, const providers::ProviderDeps& deps,
                          BackendSet* backends);

}  // namespace osp::server
