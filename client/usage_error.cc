#include "client/usage_error.h"

#include "absl/strings/cord.h"

namespace osp::client {
namespace {

constexpr absl::string_view kUsagePayloadUrl = "type.ospd.dev/ospctl.UsageError";

}  // namespace

absl::Status UsageError(absl::string_view message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kUsagePayloadUrl, absl::Cord());
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInvalidArgument &&
         status.GetPayload(kUsagePayloadUrl).has_value();
}

}  // namespace osp::client
