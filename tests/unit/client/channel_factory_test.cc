#include "client/channel_factory.h"

#include "client/usage_error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::client {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;

TEST(ChannelFactoryTest, NormalizesTargets) {
  EXPECT_THAT(ChannelFactory::NormalizeTarget("unix:///run/ospd/ospd.sock"),
              IsOkAndHolds(std::string("unix:///run/ospd/ospd.sock")));
  EXPECT_THAT(ChannelFactory::NormalizeTarget("unix:/tmp/o.sock"),
              IsOkAndHolds(std::string("unix:/tmp/o.sock")));
  EXPECT_THAT(ChannelFactory::NormalizeTarget("/tmp/o.sock"),
              IsOkAndHolds(std::string("unix:/tmp/o.sock")));
  EXPECT_THAT(ChannelFactory::NormalizeTarget("ospd.example:8443"),
              IsOkAndHolds(std::string("ospd.example:8443")));
}

TEST(ChannelFactoryTest, BadTargetsAreUsageErrors) {
  EXPECT_TRUE(IsUsageError(ChannelFactory::NormalizeTarget("").status()));
  EXPECT_TRUE(IsUsageError(ChannelFactory::NormalizeTarget("host :1").status()));
}

TEST(ChannelFactoryTest, CreatesPlainAndTlsChannelsLazily) {
  ChannelOptions options;
  options.target = "127.0.0.1:1";
  EXPECT_THAT(ChannelFactory().Create(options), IsOk());
  options.tls = true;
  options.server_name = "ospd.internal";
  EXPECT_THAT(ChannelFactory().Create(options), IsOk());
}

TEST(ChannelFactoryTest, CertWithoutKeyIsAUsageError) {
  ChannelOptions options;
  options.target = "127.0.0.1:1";
  options.cert_file = "/tmp/client.pem";
  const absl::Status status = ChannelFactory().Create(options).status();
  EXPECT_TRUE(IsUsageError(status));
  EXPECT_THAT(status.message(), HasSubstr("--key-file"));
}

TEST(ChannelFactoryTest, ServerNameWithoutTlsIsAUsageError) {
  ChannelOptions options;
  options.target = "127.0.0.1:1";
  options.server_name = "ospd.internal";
  EXPECT_TRUE(IsUsageError(ChannelFactory().Create(options).status()));
}

TEST(ChannelFactoryTest, MissingCaFileIsNotFoundNamingThePath) {
  ChannelOptions options;
  options.target = "127.0.0.1:1";
  options.ca_file = "/nonexistent/ca.pem";
  EXPECT_THAT(ChannelFactory().Create(options),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("/nonexistent/ca.pem")));
}

}  // namespace
}  // namespace osp::client
