#include "client/global_options.h"

#include "client/usage_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::client {
namespace {

using ::osp::testutil::IsOk;

absl::StatusOr<GlobalOptions> Options(const std::vector<std::string>& args,
                                      const OspctlDefaults& defaults = {}) {
  auto parsed = ArgParser(GlobalFlagSpecs()).Parse(args);
  if (!parsed.ok()) return parsed.status();
  return GlobalOptionsFromArgs(*parsed, defaults);
}

TEST(GlobalOptionsTest, DefaultsApplyWhenFlagsAreMissing) {
  OspctlDefaults defaults;
  EXPECT_EQ(defaults.target, "unix:///run/ospd/ospd.sock");
  defaults.target = "unix:/from/env.sock";
  defaults.backend = "ecs-env";
  auto options = Options({}, defaults);
  ASSERT_THAT(options, IsOk());
  EXPECT_EQ(options->channel.target, "unix:/from/env.sock");
  EXPECT_EQ(options->backend, "ecs-env");
  EXPECT_EQ(options->timeout, absl::Seconds(30));
  EXPECT_EQ(options->stream_timeout, absl::ZeroDuration());
  EXPECT_EQ(options->output, OutputFormat::kTable);
  EXPECT_FALSE(options->channel.tls);
}

TEST(GlobalOptionsTest, FlagsOverrideDefaults) {
  OspctlDefaults defaults;
  defaults.backend = "ecs-env";
  auto options = Options({"--target", "ospd:8443", "--backend", "minio1", "--tls", "--ca-file",
                          "ca.pem", "--cert-file", "c.pem", "--key-file", "k.pem", "--server-name",
                          "ospd.internal", "--timeout", "2m", "--output", "json"},
                         defaults);
  ASSERT_THAT(options, IsOk());
  EXPECT_EQ(options->channel.target, "ospd:8443");
  EXPECT_EQ(options->backend, "minio1");
  EXPECT_TRUE(options->channel.tls);
  EXPECT_EQ(options->channel.ca_file, "ca.pem");
  EXPECT_EQ(options->channel.cert_file, "c.pem");
  EXPECT_EQ(options->channel.key_file, "k.pem");
  EXPECT_EQ(options->channel.server_name, "ospd.internal");
  EXPECT_EQ(options->timeout, absl::Minutes(2));
  EXPECT_EQ(options->stream_timeout, absl::Minutes(2));
  EXPECT_EQ(options->output, OutputFormat::kJson);
}

TEST(GlobalOptionsTest, BadValuesAreUsageErrors) {
  EXPECT_TRUE(IsUsageError(Options({"--timeout", "10"}).status()));
  EXPECT_TRUE(IsUsageError(Options({"--output", "yaml"}).status()));
}

TEST(GlobalOptionsTest, ZeroTimeoutMeansNoDeadline) {
  auto options = Options({"--timeout", "0"});
  ASSERT_THAT(options, IsOk());
  EXPECT_EQ(options->timeout, absl::ZeroDuration());
}

}  // namespace
}  // namespace osp::client
