#include "client/output_printer.h"

#include <sstream>

#include "client/usage_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "osp/v1/provider.pb.h"
#include "tests/testutil/status_matchers.h"

namespace osp::client {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::testing::HasSubstr;
using ::testing::Not;

v1::GetBucketResponse SampleBucket() {
  v1::GetBucketResponse response;
  response.mutable_bucket()->mutable_spec()->set_name("photos");
  response.mutable_bucket()->mutable_spec()->set_versioning(v1::VERSIONING_STATE_ENABLED);
  response.mutable_bucket()->mutable_usage()->set_bytes(2048);
  return response;
}

Table OneRow() {
  Table table({"NAME"});
  table.AddRow({"photos"});
  return table;
}

TEST(OutputPrinterTest, ParsesFormats) {
  EXPECT_THAT(ParseOutputFormat("table"), IsOkAndHolds(OutputFormat::kTable));
  EXPECT_THAT(ParseOutputFormat("json"), IsOkAndHolds(OutputFormat::kJson));
  EXPECT_TRUE(IsUsageError(ParseOutputFormat("yaml").status()));
}

TEST(OutputPrinterTest, JsonIsProtobufJsonWithDefaultsAndEnumNames) {
  std::ostringstream out;
  OutputPrinter printer(OutputFormat::kJson, out);
  EXPECT_TRUE(printer.json());
  ASSERT_THAT(printer.Print(SampleBucket(), OneRow), IsOk());
  const std::string json = out.str();
  EXPECT_THAT(json, HasSubstr("\"name\": \"photos\""));
  EXPECT_THAT(json, HasSubstr("\"versioning\": \"VERSIONING_STATE_ENABLED\""));
  EXPECT_THAT(json, HasSubstr("\"bytes\": \"2048\""));
  EXPECT_THAT(json, HasSubstr("\"objectLock\": false"));
  EXPECT_THAT(json, Not(HasSubstr("NAME")));
  EXPECT_EQ(json.back(), '\n');
}

TEST(OutputPrinterTest, TableModeRendersTheTable) {
  std::ostringstream out;
  OutputPrinter printer(OutputFormat::kTable, out);
  ASSERT_THAT(printer.Print(SampleBucket(), OneRow), IsOk());
  EXPECT_EQ(out.str(), "NAME\nphotos\n");
}

TEST(OutputPrinterTest, PrintLineWritesOneLine) {
  std::ostringstream out;
  OutputPrinter printer(OutputFormat::kTable, out);
  printer.PrintLine("https://example/url");
  EXPECT_EQ(out.str(), "https://example/url\n");
}

}  // namespace
}  // namespace osp::client
