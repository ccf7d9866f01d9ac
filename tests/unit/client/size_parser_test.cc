#include "client/size_parser.h"

#include "client/usage_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::client {
namespace {

using ::osp::testutil::IsOkAndHolds;

TEST(SizeParserTest, ParsesRawBytesAndUnits) {
  EXPECT_THAT(ParseSize("0"), IsOkAndHolds(0));
  EXPECT_THAT(ParseSize("4096"), IsOkAndHolds(4096));
  EXPECT_THAT(ParseSize("12B"), IsOkAndHolds(12));
  EXPECT_THAT(ParseSize("500MB"), IsOkAndHolds(500'000'000));
  EXPECT_THAT(ParseSize("10GiB"), IsOkAndHolds(10LL << 30));
  EXPECT_THAT(ParseSize("10G"), IsOkAndHolds(10LL << 30));
  EXPECT_THAT(ParseSize("2kb"), IsOkAndHolds(2000));
  EXPECT_THAT(ParseSize("2 KiB"), IsOkAndHolds(2048));
  EXPECT_THAT(ParseSize("1.5TiB"), IsOkAndHolds(3LL << 39));
  EXPECT_THAT(ParseSize("1PB"), IsOkAndHolds(1'000'000'000'000'000));
  EXPECT_THAT(ParseSize("0.5K"), IsOkAndHolds(512));
}

TEST(SizeParserTest, RejectsMalformedValuesAsUsageErrors) {
  for (const char* text : {"", "-1", "ten", "10XB", "1.2.3GB", ".", "1.5", "GiB", "9999999PiB",
                           "9223372036854775808"}) {
    const absl::Status status = ParseSize(text).status();
    EXPECT_TRUE(IsUsageError(status)) << text << ": " << status;
  }
}

TEST(SizeParserTest, FormatsBinaryUnits) {
  EXPECT_EQ(FormatSize(0), "0 B");
  EXPECT_EQ(FormatSize(1023), "1023 B");
  EXPECT_EQ(FormatSize(1024), "1.0 KiB");
  EXPECT_EQ(FormatSize(1536 * 1024), "1.5 MiB");
  EXPECT_EQ(FormatSize(10LL << 30), "10.0 GiB");
  EXPECT_EQ(FormatSize(3LL << 40), "3.0 TiB");
}

}  // namespace
}  // namespace osp::client
