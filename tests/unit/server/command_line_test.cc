#include "server/command_line.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;

absl::StatusOr<CommandLine> Parse(std::vector<const char*> args) {
  args.insert(args.begin(), "ospd");
  return ParseCommandLine(static_cast<int>(args.size()), args.data());
}

TEST(CommandLineTest, ConfigWithSpaceOrEquals) {
  absl::StatusOr<CommandLine> flags = Parse({"--config", "/etc/ospd.yaml"});
  ASSERT_THAT(flags, IsOk());
  EXPECT_EQ(flags->config_path, "/etc/ospd.yaml");
  EXPECT_FALSE(flags->check_only);
  EXPECT_EQ(flags->log_level, "");

  flags = Parse({"--log-level=debug", "--config=c.json"});
  ASSERT_THAT(flags, IsOk());
  EXPECT_EQ(flags->config_path, "c.json");
  EXPECT_EQ(flags->log_level, "debug");
}

TEST(CommandLineTest, CheckConfig) {
  absl::StatusOr<CommandLine> flags = Parse({"--check-config", "c.yaml", "--log-level", "warn"});
  ASSERT_THAT(flags, IsOk());
  EXPECT_EQ(flags->config_path, "c.yaml");
  EXPECT_TRUE(flags->check_only);
  EXPECT_EQ(flags->log_level, "warn");
}

TEST(CommandLineTest, VersionAndHelpNeedNoConfig) {
  absl::StatusOr<CommandLine> flags = Parse({"--version"});
  ASSERT_THAT(flags, IsOk());
  EXPECT_TRUE(flags->version);
  flags = Parse({"-h"});
  ASSERT_THAT(flags, IsOk());
  EXPECT_TRUE(flags->help);
}

struct ErrorCase {
  std::vector<const char*> args;
  const char* message;
};

void PrintTo(const ErrorCase& c, std::ostream* os) {
  for (const char* arg : c.args) *os << arg << ' ';
}

class CommandLineErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(CommandLineErrorTest, OneLineNamingTheFlag) {
  EXPECT_THAT(Parse(GetParam().args),
              StatusIs(absl::StatusCode::kInvalidArgument, std::string(GetParam().message)));
}

INSTANTIATE_TEST_SUITE_P(
    Table, CommandLineErrorTest,
    ::testing::Values(
        ErrorCase{{}, "one of --config or --check-config is required"},
        ErrorCase{{"--log-level", "info"}, "one of --config or --check-config is required"},
        ErrorCase{{"--conf", "x"}, "unknown flag '--conf'"},
        ErrorCase{{"--verbose=1"}, "unknown flag '--verbose'"},
        ErrorCase{{"config.yaml"}, "unknown flag 'config.yaml'"},
        ErrorCase{{"--config"}, "--config: requires a file"},
        ErrorCase{{"--config="}, "--config: requires a file"},
        ErrorCase{{"--check-config", "--log-level=info"}, "--check-config: requires a file"},
        ErrorCase{{"--config", "a", "--check-config", "b"},
                  "--config and --check-config: give only one"},
        ErrorCase{{"--config", "a", "--log-level", "trace"},
                  "--log-level: must be one of debug, info, warn, error"},
        ErrorCase{{"--config", "a", "--log-level"},
                  "--log-level: must be one of debug, info, warn, error"}));

}  // namespace
}  // namespace osp::server
