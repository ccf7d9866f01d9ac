// Field paths in error messages: every INVALID_ARGUMENT the adapter returns starts with the path
// of the offending field ("bucket.name: ...", "objects[3].key: ..."). Stateless; thread-safe.
#pragma once

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace osp::server {

// `status` whose message starts with a relative path, re-rooted under `path`:
// ("bucket", "name: too short") -> "bucket.name: too short". OK stays OK.
inline absl::Status PrefixFieldPath(absl::string_view path, const absl::Status& status) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(path, ".", status.message()));
}

template <typename T>
absl::StatusOr<T> PrefixFieldPath(absl::string_view path, absl::StatusOr<T> value) {
  if (value.ok()) return value;
  return PrefixFieldPath(path, value.status());
}

// INVALID_ARGUMENT "<path>: <what>".
inline absl::Status FieldError(absl::string_view path, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", what));
}

// `status` (whose message names no field) as the error of field `path`:
// ("versioning", "unknown value 7") -> "versioning: unknown value 7". OK stays OK.
template <typename T>
absl::StatusOr<T> AtField(absl::string_view path, absl::StatusOr<T> value) {
  if (value.ok()) return value;
  return absl::Status(value.status().code(), absl::StrCat(path, ": ", value.status().message()));
}

// "objects[3]" from "objects" and 3.
inline std::string IndexedPath(absl::string_view path, size_t index) {
  return absl::StrCat(path, "[", index, "]");
}

}  // namespace osp::server
