#include "providers/backend_settings.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace osp::providers {

absl::StatusOr<std::string> BackendSettings::GetString(const std::string& name,
                                                       const std::string& default_value) const {
  auto it = values.find(name);
  return it == values.end() ? default_value : it->second;
}

absl::StatusOr<bool> BackendSettings::GetBool(const std::string& name, bool default_value) const {
  auto it = values.find(name);
  if (it == values.end()) return default_value;
  if (it->second == "true") return true;
  if (it->second == "false") return false;
  return absl::InvalidArgumentError(absl::StrCat(name, ": not a boolean"));
}

absl::StatusOr<int64_t> BackendSettings::GetInt(const std::string& name,
                                                int64_t default_value) const {
  auto it = values.find(name);
  if (it == values.end()) return default_value;
  int64_t value = 0;
  if (!absl::SimpleAtoi(it->second, &value)) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": not an integer"));
  }
  return value;
}

absl::StatusOr<base::Secret> BackendSettings::GetSecret(const std::string& name) const {
  auto it = secrets.find(name);
  if (it == secrets.end() || it->second.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(name, "_file or ", name, "_env: required"));
  }
  return it->second;
}

}  // namespace osp::providers
