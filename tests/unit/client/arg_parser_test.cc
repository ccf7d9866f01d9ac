#include "client/arg_parser.h"

#include "client/usage_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::client {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Kind = FlagSpec::Kind;

ArgParser Parser() {
  return ArgParser({
      {"owner", Kind::kValue, "ACCOUNT", "owner"},
      {"force", Kind::kBool, "", "force"},
      {"tag", Kind::kRepeated, "K=V", "tag"},
      {"help", Kind::kBool, "", "help"},
  });
}

ArgParser ParserWithRequiredOwner() {
  return ArgParser({{"owner", Kind::kValue, "ACCOUNT", "owner", /*required=*/true}});
}

TEST(ArgParserTest, SeparatesFlagsAndPositionalsInAnyOrder) {
  auto parsed = Parser().Parse({"b1", "--owner", "acct", "b2", "--force", "--tag=a=1"});
  ASSERT_THAT(parsed, IsOk());
  EXPECT_THAT(parsed->positionals(), ElementsAre("b1", "b2"));
  EXPECT_EQ(parsed->Value("owner"), "acct");
  EXPECT_TRUE(parsed->Bool("force"));
  EXPECT_THAT(parsed->Values("tag"), ElementsAre("a=1"));
}

TEST(ArgParserTest, EqualsFormKeepsTheWholeValue) {
  auto parsed = Parser().Parse({"--owner=a=b", "--owner_not_given_twice"});
  EXPECT_THAT(parsed, StatusIs(absl::StatusCode::kInvalidArgument,
                               HasSubstr("unknown flag --owner_not_given_twice")));
  parsed = Parser().Parse({"--owner=a=b"});
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->Value("owner"), "a=b");
}

TEST(ArgParserTest, ValueMayStartWithADash) {
  auto parsed = Parser().Parse({"--owner", "-x"});
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->Value("owner"), "-x");
}

TEST(ArgParserTest, RepeatedFlagKeepsOrder) {
  auto parsed = Parser().Parse({"--tag", "a=1", "--tag", "b=2"});
  ASSERT_THAT(parsed, IsOk());
  EXPECT_THAT(parsed->Values("tag"), ElementsAre("a=1", "b=2"));
  EXPECT_THAT(parsed->Values("owner"), ElementsAre());
}

TEST(ArgParserTest, BoolFlagAcceptsExplicitTrueOrFalse) {
  auto parsed = Parser().Parse({"--force=false"});
  ASSERT_THAT(parsed, IsOk());
  EXPECT_TRUE(parsed->Has("force"));
  EXPECT_FALSE(parsed->Bool("force"));
  EXPECT_TRUE(IsUsageError(Parser().Parse({"--force=yes"}).status()));
}

TEST(ArgParserTest, DashIsAPositionalAndDoubleDashEndsFlags) {
  auto parsed = Parser().Parse({"-", "--", "--force", "-h"});
  ASSERT_THAT(parsed, IsOk());
  EXPECT_THAT(parsed->positionals(), ElementsAre("-", "--force", "-h"));
  EXPECT_FALSE(parsed->Has("force"));
}

TEST(ArgParserTest, ShortHIsHelp) {
  auto parsed = Parser().Parse({"-h"});
  ASSERT_THAT(parsed, IsOk());
  EXPECT_TRUE(parsed->Bool("help"));
}

TEST(ArgParserTest, UsageErrors) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const Case cases[] = {
      {{"--nope"}, "unknown flag --nope"},
      {{"-x"}, "unknown flag -x"},
      {{"--owner"}, "--owner needs a value (ACCOUNT)"},
      {{"--owner", "a", "--owner", "b"}, "--owner given more than once"},
      {{"--force", "--force"}, "--force given more than once"},
  };
  for (const Case& c : cases) {
    const absl::Status status = Parser().Parse(c.args).status();
    EXPECT_TRUE(IsUsageError(status)) << status;
    EXPECT_THAT(status.message(), HasSubstr(c.message));
  }
}

TEST(ArgParserTest, MissingRequiredFlag) {
  const absl::Status status = ParserWithRequiredOwner().Parse({"b1"}).status();
  EXPECT_TRUE(IsUsageError(status));
  EXPECT_THAT(status.message(), HasSubstr("missing required flag --owner"));
  EXPECT_THAT(ParserWithRequiredOwner().Parse({"--owner", "a"}), IsOk());
}

TEST(ArgParserTest, ShortHWithoutHelpFlagIsUnknown) {
  EXPECT_TRUE(IsUsageError(ParserWithRequiredOwner().Parse({"-h"}).status()));
}

TEST(ArgParserTest, FindReturnsTheSpec) {
  const ArgParser parser = Parser();
  ASSERT_NE(parser.Find("tag"), nullptr);
  EXPECT_EQ(parser.Find("tag")->kind, Kind::kRepeated);
  EXPECT_EQ(parser.Find("nope"), nullptr);
}

}  // namespace
}  // namespace osp::client
