#include "client/copy_plan.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::client {
namespace {

using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(FolderPrefixTest, AddsOneSlash) {
  EXPECT_EQ(FolderPrefix(""), "");
  EXPECT_EQ(FolderPrefix("photos"), "photos/");
  EXPECT_EQ(FolderPrefix("photos/"), "photos/");
}

TEST(RelativePathForKeyTest, MapsKeysBelowTheFolder) {
  EXPECT_THAT(RelativePathForKey("photos/2024/a.jpg", "photos/"), IsOkAndHolds("2024/a.jpg"));
  EXPECT_THAT(RelativePathForKey("a b/ünï code.txt", ""), IsOkAndHolds("a b/ünï code.txt"));
  EXPECT_THAT(RelativePathForKey("x/..hidden/a..b", "x/"), IsOkAndHolds("..hidden/a..b"));
}

TEST(RelativePathForKeyTest, FolderMarkersMapToFolders) {
  EXPECT_THAT(RelativePathForKey("photos/", "photos/"), IsOkAndHolds(""));
  EXPECT_THAT(RelativePathForKey("photos/empty/", "photos/"), IsOkAndHolds("empty/"));
}

TEST(RelativePathForKeyTest, RefusesKeysThatEscapeTheTarget) {
  for (const std::string& key :
       std::vector<std::string>{"p/../../etc/passwd", "p/..", "p/a/../b", "p/./a", "p//etc/passwd",
                                "p/a//b", "p/a/..", std::string("p/a\0b", 5), "p/../"}) {
    EXPECT_THAT(RelativePathForKey(key, "p/"), StatusIs(absl::StatusCode::kInvalidArgument)) << key;
  }
  EXPECT_THAT(RelativePathForKey("../x", ""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(RelativePathForKey("/etc/passwd", ""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(RelativePathForKey("other/x", "p/"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(RelativePathForKeyTest, TheErrorNamesTheKeyEscaped) {
  const auto refused = RelativePathForKey(std::string("p/a\0/../b", 9), "p/");
  EXPECT_THAT(refused.status().message(), HasSubstr("'p/a\\000/../b'"));
}

TEST(PlanDownloadTest, ItemsFoldersAndRefusedKeys) {
  const CopyPlan plan = PlanDownload({{"docs/b.txt", 3},
                                      {"docs/a/deep/x.bin", 10},
                                      {"docs/empty/", 0},
                                      {"docs/../../evil", 5},
                                      {"docs/", 0}},
                                     "docs", "/tmp/out");
  EXPECT_THAT(plan.items, ElementsAre(Field(&CopyItem::local, "/tmp/out/a/deep/x.bin"),
                                      Field(&CopyItem::local, "/tmp/out/b.txt")));
  EXPECT_EQ(plan.items[0].key, "docs/a/deep/x.bin");
  EXPECT_EQ(plan.total_bytes, 13);
  EXPECT_THAT(plan.folders, ElementsAre(Field(&CopyItem::local, "/tmp/out/empty")));
  EXPECT_EQ(plan.folders[0].key, "docs/empty/");
  ASSERT_EQ(plan.refused.size(), 1u);
  EXPECT_EQ(plan.refused[0].key, "docs/../../evil");
  EXPECT_THAT(plan.refused[0].status, StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(PlanDownloadTest, LocalDirTrailingSlashAndDot) {
  EXPECT_EQ(PlanDownload({{"k", 1}}, "", "out/").items[0].local, "out/k");
  EXPECT_EQ(PlanDownload({{"k", 1}}, "", ".").items[0].local, "k");
}

class PlanUploadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/copy-plan-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& relative, const std::string& data) {
    const std::filesystem::path path = std::filesystem::path(dir_) / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << data;
  }

  std::string dir_;
};

TEST_F(PlanUploadTest, EveryFileBelowTheFolderWithItsKey) {
  Write("top.txt", "12345");
  Write("a/b/deep.bin", "xy");
  Write("a/empty", "");
  Write("sp ace/ünï.txt", "u");
  std::filesystem::create_directories(dir_ + "/nothing/here");
  auto plan = PlanUpload(dir_, "backup");
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->items, ElementsAre(Field(&CopyItem::key, "backup/a/b/deep.bin"),
                                       Field(&CopyItem::key, "backup/a/empty"),
                                       Field(&CopyItem::key, "backup/sp ace/ünï.txt"),
                                       Field(&CopyItem::key, "backup/top.txt")));
  EXPECT_EQ(plan->items[0].local, dir_ + "/a/b/deep.bin");
  EXPECT_EQ(plan->items[0].size, 2);
  EXPECT_EQ(plan->total_bytes, 8);
  EXPECT_THAT(plan->refused, IsEmpty());
}

TEST_F(PlanUploadTest, EmptyPrefixUsesTheRelativePath) {
  Write("x/y.txt", "1");
  auto plan = PlanUpload(dir_ + "/", "");
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_THAT(plan->items, ElementsAre(Field(&CopyItem::key, "x/y.txt")));
}

TEST_F(PlanUploadTest, NotAFolder) {
  Write("file", "1");
  EXPECT_THAT(PlanUpload(dir_ + "/file", "p"), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(PlanUpload(dir_ + "/missing", "p"), StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace osp::client
