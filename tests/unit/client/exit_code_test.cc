#include "client/exit_code.h"

#include "client/usage_error.h"
#include "gtest/gtest.h"

namespace osp::client {
namespace {

TEST(ExitCodeTest, EveryStatusCodeExitsWithItsNumber) {
  for (int code = 1; code <= 16; ++code) {
    const absl::Status status(static_cast<absl::StatusCode>(code), "x");
    EXPECT_EQ(ExitCodeFor(status), code) << status;
  }
  EXPECT_EQ(ExitCodeFor(absl::OkStatus()), 0);
  EXPECT_EQ(ExitCodeFor(absl::NotFoundError("x")), 5);
  EXPECT_EQ(ExitCodeFor(absl::InvalidArgumentError("x")), 3);
  EXPECT_EQ(ExitCodeFor(absl::UnavailableError("x")), 14);
}

TEST(ExitCodeTest, UsageErrorsExitWithExUsage) {
  EXPECT_EQ(ExitCodeFor(UsageError("bad flag")), 64);
  EXPECT_EQ(kExitUsage, 64);
}

TEST(ExitCodeTest, UsageErrorIsInvalidArgumentButDistinguishable) {
  const absl::Status usage = UsageError("bad");
  EXPECT_EQ(usage.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(IsUsageError(usage));
  EXPECT_FALSE(IsUsageError(absl::InvalidArgumentError("bad")));
}

TEST(ExitCodeTest, ErrorLineIsCodeColonMessage) {
  EXPECT_EQ(ErrorLine(absl::NotFoundError("backend 'x' is not configured")),
            "NOT_FOUND: backend 'x' is not configured");
  EXPECT_EQ(ErrorLine(absl::UnavailableError("down")), "UNAVAILABLE: down");
}

}  // namespace
}  // namespace osp::client
