#include "server/status_mapping.h"

#include <tuple>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace osp::server {
namespace {

using Pair = std::tuple<absl::StatusCode, grpc::StatusCode>;

class StatusMappingTest : public testing::TestWithParam<Pair> {};

TEST_P(StatusMappingTest, KeepsCodeAndMessage) {
  const auto [absl_code, grpc_code] = GetParam();
  const grpc::Status mapped = ToGrpcStatus(absl::Status(absl_code, "bucket 'b' on backend 'e'"));
  EXPECT_EQ(mapped.error_code(), grpc_code);
  if (absl_code == absl::StatusCode::kOk) {
    EXPECT_EQ(mapped.error_message(), "");  // absl drops the message of an OK status.
  } else {
    EXPECT_EQ(mapped.error_message(), "bucket 'b' on backend 'e'");
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllCanonicalCodes, StatusMappingTest,
    testing::Values(
        Pair{absl::StatusCode::kOk, grpc::StatusCode::OK},
        Pair{absl::StatusCode::kCancelled, grpc::StatusCode::CANCELLED},
        Pair{absl::StatusCode::kUnknown, grpc::StatusCode::UNKNOWN},
        Pair{absl::StatusCode::kInvalidArgument, grpc::StatusCode::INVALID_ARGUMENT},
        Pair{absl::StatusCode::kDeadlineExceeded, grpc::StatusCode::DEADLINE_EXCEEDED},
        Pair{absl::StatusCode::kNotFound, grpc::StatusCode::NOT_FOUND},
        Pair{absl::StatusCode::kAlreadyExists, grpc::StatusCode::ALREADY_EXISTS},
        Pair{absl::StatusCode::kPermissionDenied, grpc::StatusCode::PERMISSION_DENIED},
        Pair{absl::StatusCode::kResourceExhausted, grpc::StatusCode::RESOURCE_EXHAUSTED},
        Pair{absl::StatusCode::kFailedPrecondition, grpc::StatusCode::FAILED_PRECONDITION},
        Pair{absl::StatusCode::kAborted, grpc::StatusCode::ABORTED},
        Pair{absl::StatusCode::kOutOfRange, grpc::StatusCode::OUT_OF_RANGE},
        Pair{absl::StatusCode::kUnimplemented, grpc::StatusCode::UNIMPLEMENTED},
        Pair{absl::StatusCode::kInternal, grpc::StatusCode::INTERNAL},
        Pair{absl::StatusCode::kUnavailable, grpc::StatusCode::UNAVAILABLE},
        Pair{absl::StatusCode::kDataLoss, grpc::StatusCode::DATA_LOSS},
        Pair{absl::StatusCode::kUnauthenticated, grpc::StatusCode::UNAUTHENTICATED}));

TEST(StatusMappingTest, NonCanonicalCodeBecomesUnknown) {
  const grpc::Status mapped = ToGrpcStatus(absl::Status(static_cast<absl::StatusCode>(42), "odd"));
  EXPECT_EQ(mapped.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_EQ(mapped.error_message(), "odd");
}

TEST(StatusMappingTest, DropsPayloads) {
  absl::Status status = absl::InternalError("boom");
  status.SetPayload("type.example/detail", absl::Cord("x"));
  const grpc::Status mapped = ToGrpcStatus(status);
  EXPECT_EQ(mapped.error_details(), "");
}

}  // namespace
}  // namespace osp::server
