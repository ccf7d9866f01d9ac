#include "client/commands/bucket_flags.h"

#include <fstream>
#include <string>

#include "client/usage_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::client::commands {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

absl::StatusOr<BucketChange> Change(const std::vector<std::string>& args, BucketFlagsMode mode) {
  auto flags = BucketFlagSpecs(mode);
  flags.push_back({"help", FlagSpec::Kind::kBool, "", ""});
  auto parsed = ArgParser(flags).Parse(args);
  if (!parsed.ok()) return parsed.status();
  return BucketChangeFromFlags(*parsed, mode);
}

absl::StatusOr<BucketChange> Update(const std::vector<std::string>& args) {
  return Change(args, BucketFlagsMode::kUpdate);
}

TEST(BucketFlagsTest, EveryOptionSetsItsFieldAndMaskPathInFixedOrder) {
  auto change = Update({"--tag", "env=prod", "--policy", "public-read", "--cors-origin", "*",
                        "--encryption", "sse-s3", "--versioning", "enabled", "--quota-bytes",
                        "10GiB", "--quota-objects", "1000"});
  ASSERT_THAT(change, IsOk());
  EXPECT_THAT(change->mask_paths,
              ElementsAre("quota", "versioning", "encryption", "policy", "tags", "cors_rules"));
  const v1::BucketSpec& spec = change->spec;
  EXPECT_EQ(spec.quota().max_bytes(), 10LL << 30);
  EXPECT_EQ(spec.quota().max_objects(), 1000);
  EXPECT_EQ(spec.versioning(), v1::VERSIONING_STATE_ENABLED);
  EXPECT_EQ(spec.encryption(), v1::ENCRYPTION_SSE_S3);
  EXPECT_EQ(spec.policy().kind(), v1::POLICY_KIND_PUBLIC_READ);
  EXPECT_THAT(spec.tags(), UnorderedElementsAre(Pair("env", "prod")));
  ASSERT_EQ(spec.cors_rules_size(), 1);
  EXPECT_THAT(spec.cors_rules(0).allowed_origins(), ElementsAre("*"));
  EXPECT_THAT(spec.cors_rules(0).allowed_methods(), ElementsAre("GET", "HEAD"));
}

TEST(BucketFlagsTest, MaskHasOnlyTheFlagsGiven) {
  auto change = Update({"--versioning", "suspended"});
  ASSERT_THAT(change, IsOk());
  EXPECT_THAT(change->mask_paths, ElementsAre("versioning"));
  EXPECT_FALSE(change->spec.has_quota());
  EXPECT_EQ(change->spec.versioning(), v1::VERSIONING_STATE_SUSPENDED);
}

TEST(BucketFlagsTest, OneQuotaHalfIsRecorded) {
  auto change = Update({"--quota-objects", "5"});
  ASSERT_THAT(change, IsOk());
  EXPECT_THAT(change->mask_paths, ElementsAre("quota"));
  EXPECT_TRUE(change->quota_objects_given);
  EXPECT_FALSE(change->quota_bytes_given);
}

TEST(BucketFlagsTest, ClearFlagsMaskEmptyValues) {
  auto change = Update({"--clear-tags", "--clear-cors"});
  ASSERT_THAT(change, IsOk());
  EXPECT_THAT(change->mask_paths, ElementsAre("tags", "cors_rules"));
  EXPECT_THAT(change->spec.tags(), IsEmpty());
  EXPECT_THAT(change->spec.cors_rules(), IsEmpty());
}

TEST(BucketFlagsTest, UpdateWithoutOptionsIsAUsageError) {
  const absl::Status status = Update({}).status();
  EXPECT_TRUE(IsUsageError(status));
  EXPECT_THAT(status.message(), HasSubstr("nothing to update"));
}

TEST(BucketFlagsTest, CreateAllowsNoOptionsAndObjectLock) {
  auto change = Change(
      {"--owner", "acct", "--object-lock", "--cors-origin", "https://a", "--cors-method", "put"},
      BucketFlagsMode::kCreate);
  ASSERT_THAT(change, IsOk());
  EXPECT_TRUE(change->spec.object_lock());
  EXPECT_THAT(change->spec.cors_rules(0).allowed_methods(), ElementsAre("PUT"));
  EXPECT_THAT(Change({"--owner", "acct"}, BucketFlagsMode::kCreate), IsOk());
}

TEST(BucketFlagsTest, ModesHaveTheirOwnFlags) {
  EXPECT_TRUE(IsUsageError(Update({"--object-lock"}).status()));
  EXPECT_TRUE(IsUsageError(Update({"--owner", "a"}).status()));
  EXPECT_TRUE(
      IsUsageError(Change({"--owner", "a", "--clear-tags"}, BucketFlagsMode::kCreate).status()));
  EXPECT_TRUE(IsUsageError(Change({}, BucketFlagsMode::kCreate).status()));
}

TEST(BucketFlagsTest, MalformedValuesAreUsageErrors) {
  const std::vector<std::vector<std::string>> cases = {
      {"--quota-bytes", "lots"},
      {"--quota-objects", "-1"},
      {"--quota-objects", "1k"},
      {"--versioning", "on"},
      {"--encryption", "aws:kms"},
      {"--policy", "public"},
      {"--tag", "novalue"},
      {"--tag", "=v"},
      {"--tag", "a=1", "--tag", "a=2"},
      {"--cors-method", "GET"},
      {"--cors-origin", "*", "--cors-method", "FETCH"},
      {"--tag", "a=1", "--clear-tags"},
      {"--cors-origin", "*", "--clear-cors"},
  };
  for (const auto& args : cases) {
    const absl::Status status = Update(args).status();
    EXPECT_TRUE(IsUsageError(status)) << args[0] << " " << args[1] << ": " << status;
  }
}

TEST(BucketFlagsTest, PolicyFromFileOrInline) {
  const std::string path = ::testing::TempDir() + "/bucket_flags_policy.json";
  std::ofstream(path) << R"({"Version":"2012-10-17"})";
  auto change = Update({"--policy", "@" + path});
  ASSERT_THAT(change, IsOk());
  EXPECT_EQ(change->spec.policy().kind(), v1::POLICY_KIND_CUSTOM);
  EXPECT_EQ(change->spec.policy().json(), R"({"Version":"2012-10-17"})");

  change = Update({"--policy", R"({"Statement":[]})"});
  ASSERT_THAT(change, IsOk());
  EXPECT_EQ(change->spec.policy().json(), R"({"Statement":[]})");

  EXPECT_THAT(Update({"--policy", "@/nonexistent/p.json"}),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent/p.json")));
}

TEST(BucketFlagsTest, EmptyTagValueIsAllowed) {
  auto change = Update({"--tag", "flag="});
  ASSERT_THAT(change, IsOk());
  EXPECT_THAT(change->spec.tags(), UnorderedElementsAre(Pair("flag", "")));
}

}  // namespace
}  // namespace osp::client::commands
