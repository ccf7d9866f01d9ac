#include "client/object_path.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/usage_error.h"
#include "providers/base/status_macros.h"

namespace osp::client {

absl::StatusOr<ObjectPath> ParseObjectPath(absl::string_view text) {
  absl::string_view rest = text;
  absl::ConsumePrefix(&rest, "s3://");
  const size_t slash = rest.find('/');
  ObjectPath path;
  path.bucket = std::string(rest.substr(0, slash));
  if (slash != absl::string_view::npos) path.key = std::string(rest.substr(slash + 1));
  if (path.bucket.empty()) {
    return UsageError(absl::StrCat("invalid object path '", text, "': want BUCKET/KEY"));
  }
  return path;
}

absl::StatusOr<ObjectPath> ParseObjectKeyPath(absl::string_view text) {
  ASSIGN_OR_RETURN(ObjectPath path, ParseObjectPath(text));
  if (path.key.empty()) {
    return UsageError(absl::StrCat("invalid object path '", text, "': no key after the bucket"));
  }
  return path;
}

}  // namespace osp::client
