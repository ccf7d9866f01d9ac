// Short human-readable forms of osp.v1 values for tables: timestamps, durations, enums, quotas.
// Thread-safe (pure functions).
#pragma once

#include <string>

#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "osp/v1/provider.pb.h"

namespace osp::client {

// "2024-05-01 10:00:00" in UTC; "-" for an unset (zero) timestamp.
std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp);
// "15ms", "1.2s" (duration_parser.h).
std::string FormatProtoDuration(const google::protobuf::Duration& duration);

// "off", "enabled", "suspended"; "-" when unspecified.
std::string VersioningName(v1::VersioningState state);
// "none", "sse-s3"; "-" when unspecified.
std::string EncryptionName(v1::Encryption encryption);
// "private", "public-read", "custom"; "-" when unspecified.
std::string PolicyName(v1::PolicyKind kind);
// FormatSize of the limit, or "unlimited" for 0.
std::string QuotaBytesText(int64_t max_bytes);
std::string QuotaObjectsText(int64_t max_objects);
// "yes" / "no".
std::string YesNo(bool value);

}  // namespace osp::client
