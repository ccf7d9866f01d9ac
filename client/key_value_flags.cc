#include "client/key_value_flags.h"

#include "absl/strings/str_cat.h"
#include "client/usage_error.h"

namespace osp::client {

absl::Status AddKeyValues(absl::string_view flag, const std::vector<std::string>& values,
                          google::protobuf::Map<std::string, std::string>* map) {
  for (const std::string& value : values) {
    const size_t eq = value.find('=');
    if (eq == std::string::npos || eq == 0) {
      return UsageError(absl::StrCat("invalid --", flag, " '", value, "': want KEY=VALUE"));
    }
    const std::string key = value.substr(0, eq);
    if (!map->insert({key, value.substr(eq + 1)}).second) {
      return UsageError(absl::StrCat("--", flag, " key '", key, "' given twice"));
    }
  }
  return absl::OkStatus();
}

}  // namespace osp::client
