#include "client/proto_format.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/duration_parser.h"
#include "client/size_parser.h"

namespace osp::client {

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "-";
  const absl::Time time =
      absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", time, absl::UTCTimeZone());
}

std::string FormatProtoDuration(const google::protobuf::Duration& duration) {
  return FormatShortDuration(absl::Seconds(duration.seconds()) +
                             absl::Nanoseconds(duration.nanos()));
}

std::string VersioningName(v1::VersioningState state) {
  switch (state) {
    case v1::VERSIONING_STATE_OFF:
      return "off";
    case v1::VERSIONING_STATE_ENABLED:
      return "enabled";
    case v1::VERSIONING_STATE_SUSPENDED:
      return "suspended";
    default:
      return "-";
  }
}

std::string EncryptionName(v1::Encryption encryption) {
  switch (encryption) {
    case v1::ENCRYPTION_NONE:
      return "none";
    case v1::ENCRYPTION_SSE_S3:
      return "sse-s3";
    default:
      return "-";
  }
}

std::string PolicyName(v1::PolicyKind kind) {
  switch (kind) {
    case v1::POLICY_KIND_PRIVATE:
      return "private";
    case v1::POLICY_KIND_PUBLIC_READ:
      return "public-read";
    case v1::POLICY_KIND_CUSTOM:
      return "custom";
    default:
      return "-";
  }
}

std::string QuotaBytesText(int64_t max_bytes) {
  return max_bytes == 0 ? "unlimited" : FormatSize(max_bytes);
}

std::string QuotaObjectsText(int64_t max_objects) {
  return max_objects == 0 ? "unlimited" : absl::StrCat(max_objects);
}

std::string YesNo(bool value) { return value ? "yes" : "no"; }

}  // namespace osp::client
