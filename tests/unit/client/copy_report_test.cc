#include "client/copy_report.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::client {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;

TEST(CopyReportTest, UploadLinesAndSummary) {
  CopyReport report(true, "media");
  const CopyItem item{"dir/a.txt", "p/a.txt", 2048};
  EXPECT_EQ(report.Line(item, absl::OkStatus()),
            "uploaded   dir/a.txt -> s3://media/p/a.txt (2.0 KiB)");
  EXPECT_EQ(report.Line(item, absl::NotFoundError("no bucket")),
            "failed     dir/a.txt -> s3://media/p/a.txt: NOT_FOUND: no bucket");
  report.Add(item, absl::OkStatus());
  report.Add({"dir/b", "p/b", 10}, absl::OkStatus());
  EXPECT_EQ(report.Summary(), "copied 2 files, 2.0 KiB");
  EXPECT_THAT(report.Result(), IsOk());
}

TEST(CopyReportTest, TheFirstFailureDecidesTheStatus) {
  CopyReport report(false, "media");
  EXPECT_EQ(report.Line({"out/a", "p/a", 1}, absl::OkStatus()),
            "downloaded s3://media/p/a -> out/a (1 B)");
  report.Add({"out/a", "p/a", 1}, absl::OkStatus());
  report.Add({"", "p/../x", 0}, absl::InvalidArgumentError("refusing 'p/../x'"));
  report.Add({"out/b", "p/b", 5}, absl::NotFoundError("gone"));
  EXPECT_EQ(report.Summary(), "copied 1 file, 1 B, 2 failed");
  EXPECT_THAT(report.Result(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("2 of 3 files not copied; first: s3://media/p/../x")));
}

TEST(CopyReportTest, JsonCountsAndListsEveryFile) {
  CopyReport report(true, "media");
  report.Add({"d/a", "a", 4}, absl::OkStatus());
  report.Add({"d/b", "b", 6}, absl::PermissionDeniedError("denied"));
  const google::protobuf::Struct json = report.ToJson();
  const auto& fields = json.fields();
  EXPECT_EQ(fields.at("direction").string_value(), "upload");
  EXPECT_EQ(fields.at("bucket").string_value(), "media");
  EXPECT_EQ(fields.at("files").number_value(), 1);
  EXPECT_EQ(fields.at("bytes").number_value(), 4);
  EXPECT_EQ(fields.at("failed").number_value(), 1);
  const auto& items = fields.at("items").list_value().values();
  ASSERT_EQ(items.size(), 2);
  const auto& failed = items[1].struct_value().fields();
  EXPECT_EQ(failed.at("local").string_value(), "d/b");
  EXPECT_EQ(failed.at("key").string_value(), "b");
  EXPECT_EQ(failed.at("code").string_value(), "PERMISSION_DENIED");
  EXPECT_EQ(failed.at("error").string_value(), "denied");
  EXPECT_EQ(items[0].struct_value().fields().at("code").string_value(), "OK");
}

}  // namespace
}  // namespace osp::client
