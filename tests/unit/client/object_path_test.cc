#include "client/object_path.h"

#include "client/usage_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::client {
namespace {

using ::osp::testutil::IsOk;

TEST(ObjectPathTest, SplitsAtTheFirstSlash) {
  auto path = ParseObjectPath("media/2024/photo.jpg");
  ASSERT_THAT(path, IsOk());
  EXPECT_EQ(path->bucket, "media");
  EXPECT_EQ(path->key, "2024/photo.jpg");
}

TEST(ObjectPathTest, AcceptsS3SchemeAndBareBuckets) {
  auto path = ParseObjectPath("s3://media/a");
  ASSERT_THAT(path, IsOk());
  EXPECT_EQ(path->bucket, "media");
  EXPECT_EQ(path->key, "a");
  path = ParseObjectPath("media");
  ASSERT_THAT(path, IsOk());
  EXPECT_EQ(path->key, "");
  path = ParseObjectPath("media/");
  ASSERT_THAT(path, IsOk());
  EXPECT_EQ(path->key, "");
}

TEST(ObjectPathTest, EmptyBucketOrRequiredKeyAreUsageErrors) {
  EXPECT_TRUE(IsUsageError(ParseObjectPath("").status()));
  EXPECT_TRUE(IsUsageError(ParseObjectPath("/key").status()));
  EXPECT_TRUE(IsUsageError(ParseObjectKeyPath("media").status()));
  EXPECT_TRUE(IsUsageError(ParseObjectKeyPath("media/").status()));
  EXPECT_THAT(ParseObjectKeyPath("media/k"), IsOk());
}

}  // namespace
}  // namespace osp::client
