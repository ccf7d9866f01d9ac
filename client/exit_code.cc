#include "client/exit_code.h"

#include "absl/strings/str_cat.h"
#include "client/usage_error.h"

namespace osp::client {

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return 0;
  if (IsUsageError(status)) return kExitUsage;
  return static_cast<int>(status.code());
}

std::string ErrorLine(const absl::Status& status) {
  return absl::StrCat(absl::StatusCodeToString(status.code()), ": ", status.message());
}

}  // namespace osp::client
