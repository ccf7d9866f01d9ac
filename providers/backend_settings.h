// BackendSettings: the configuration of one backend as the registry hands it to a factory: the
// backend's id and type, its section's scalar fields as text, and its secrets already resolved
// (from *_file / *_env) into Secret values. Flat on purpose: a backend from a plugin reads its
// settings the same way without knowing the daemon's config schema. Thread-compatible value type.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "providers/base/secret.h"

namespace osp::providers {

struct BackendSettings {
  std::string id;
  std::string type;
  // Field name -> value as text ("true"/"false" for booleans, decimal for numbers). Fields left
  // at their default in the config file are absent.
  std::map<std::string, std::string> values;
  // Secret name (the field name without _file/_env, e.g. "password") -> value.
  std::map<std::string, base::Secret> secrets;

  // Typed accessors. Each returns the default when the field is absent and INVALID_ARGUMENT
  // naming the field ("request_timeout_seconds: not an integer") when it cannot be parsed.
  absl::StatusOr<std::string> GetString(const std::string& name,
                                        const std::string& default_value = "") const;
  absl::StatusOr<bool> GetBool(const std::string& name, bool default_value) const;
  absl::StatusOr<int64_t> GetInt(const std::string& name, int64_t default_value) const;
  // INVALID_ARGUMENT "<name>_file or <name>_env: required" when absent.
  absl::StatusOr<base::Secret> GetSecret(const std::string& name) const;
};

}  // namespace osp::providers
