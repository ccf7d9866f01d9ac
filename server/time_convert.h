// Conversions between google.protobuf.Timestamp / Duration and absl::Time / Duration.
// Stateless; thread-safe.
#pragma once

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>

#include "absl/time/time.h"

namespace osp::server {

// Times outside the Timestamp range (years 1-9999), including the infinite ones, are clamped
// to its ends.
google::protobuf::Timestamp ToProto(absl::Time time);
absl::Time FromProto(const google::protobuf::Timestamp& timestamp);

// Durations outside the Duration range (about +-10000 years) are clamped to its ends.
google::protobuf::Duration ToProto(absl::Duration duration);
absl::Duration FromProto(const google::protobuf::Duration& duration);

}  // namespace osp::server
