// KEY=VALUE flag values (--tag, --meta) into a proto map. Thread-safe (pure function).
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/map.h"

namespace osp::client {

// Adds every "KEY=VALUE" of `values` (split at the first '=', VALUE may be empty) to `map`.
// A usage error naming --`flag` for a value without '=' or with an empty key, or a key given
// twice.
absl::Status AddKeyValues(absl::string_view flag, const std::vector<std::string>& values,
                          google::protobuf::Map<std::string, std::string>* map);

}  // namespace osp::client
