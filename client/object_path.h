// ObjectPath: "BUCKET/KEY" (or "s3://BUCKET/KEY") as the object commands take it, split into
// bucket and key. Thread-safe (pure functions).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace osp::client {

struct ObjectPath {
  std::string bucket;
  // Everything after the first '/'; may be empty ("BUCKET" or "BUCKET/").
  std::string key;
};

// Splits `text` at its first '/' after an optional "s3://". A usage error if the bucket part
// is empty.
absl::StatusOr<ObjectPath> ParseObjectPath(absl::string_view text);

// Like ParseObjectPath, but the key must not be empty either.
absl::StatusOr<ObjectPath> ParseObjectKeyPath(absl::string_view text);

}  // namespace osp::client
