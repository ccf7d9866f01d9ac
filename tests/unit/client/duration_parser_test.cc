#include "client/duration_parser.h"

#include "client/usage_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::client {
namespace {

using ::osp::testutil::IsOkAndHolds;

TEST(DurationParserTest, ParsesGoStyleDurationsAndDays) {
  EXPECT_THAT(ParseDuration("10s"), IsOkAndHolds(absl::Seconds(10)));
  EXPECT_THAT(ParseDuration("2m"), IsOkAndHolds(absl::Minutes(2)));
  EXPECT_THAT(ParseDuration("1h30m"), IsOkAndHolds(absl::Minutes(90)));
  EXPECT_THAT(ParseDuration("500ms"), IsOkAndHolds(absl::Milliseconds(500)));
  EXPECT_THAT(ParseDuration("24h"), IsOkAndHolds(absl::Hours(24)));
  EXPECT_THAT(ParseDuration("7d"), IsOkAndHolds(absl::Hours(24 * 7)));
  EXPECT_THAT(ParseDuration("1d12h"), IsOkAndHolds(absl::Hours(36)));
  EXPECT_THAT(ParseDuration("0"), IsOkAndHolds(absl::ZeroDuration()));
}

TEST(DurationParserTest, RejectsMalformedValuesAsUsageErrors) {
  for (const char* text : {"", "10", "-5s", "ten seconds", "1x", "d", "-1d", "1d-1h", "inf"}) {
    const absl::Status status = ParseDuration(text).status();
    EXPECT_TRUE(IsUsageError(status)) << text << ": " << status;
  }
}

TEST(DurationParserTest, FormatsShortForms) {
  EXPECT_EQ(FormatShortDuration(absl::Microseconds(850)), "850us");
  EXPECT_EQ(FormatShortDuration(absl::Milliseconds(15)), "15ms");
  EXPECT_EQ(FormatShortDuration(absl::Milliseconds(1200)), "1.2s");
  EXPECT_EQ(FormatShortDuration(absl::Seconds(180)), "3m");
}

}  // namespace
}  // namespace osp::client
