#include "client/table.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace osp::client {
namespace {

std::string Render(const Table& table) {
  std::ostringstream out;
  table.Render(out);
  return out.str();
}

TEST(TableTest, AlignsColumnsUnderHeaders) {
  Table table({"NAME", "SIZE", "OWNER"});
  table.AlignRight(1);
  table.AddRow({"photos", "1.5 GiB", "acct-1"});
  table.AddRow({"b", "0 B", "a"});
  EXPECT_EQ(Render(table),
            "NAME       SIZE  OWNER\n"
            "photos  1.5 GiB  acct-1\n"
            "b           0 B  a\n");
}

TEST(TableTest, WithoutHeadersRendersKeyValueRows) {
  Table table;
  table.AddRow({"name", "b1"});
  table.AddRow({"versioning", "enabled"});
  EXPECT_EQ(Render(table),
            "name        b1\n"
            "versioning  enabled\n");
}

TEST(TableTest, EmptyTablePrintsOnlyTheHeader) {
  Table table({"BUCKET", "SIZE"});
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(Render(table), "BUCKET  SIZE\n");
}

TEST(TableTest, LastColumnIsNotPadded) {
  Table table({"A", "B"});
  table.AddRow({"x", "long value"});
  table.AddRow({"y", "v"});
  EXPECT_EQ(Render(table), "A  B\nx  long value\ny  v\n");
}

TEST(TableTest, EmptyTrailingCellsLeaveNoBlanks) {
  Table table({"RESULT", "ERROR"});
  table.AddRow({"deleted", ""});
  EXPECT_EQ(Render(table), "RESULT   ERROR\ndeleted\n");
}

}  // namespace
}  // namespace osp::client
