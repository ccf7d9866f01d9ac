#include "server/metrics/metrics_server.h"

#include <httplib.h>

#include <memory>
#include <string>

#include "absl/strings/numbers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/recording_logger.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server::metrics {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;

int PortOf(const std::string& address) {
  int port = 0;
  EXPECT_TRUE(absl::SimpleAtoi(address.substr(address.rfind(':') + 1), &port)) << address;
  return port;
}

class MetricsServerTest : public testing::Test {
 protected:
  void SetUp() override {
    auto family = registry_.AddCounter("osp_test_total", "A test counter.", {"k"});
    ASSERT_THAT(family, IsOk());
    (*family)->With({"v"})->Increment(7);
  }

  MetricRegistry registry_;
  testutil::RecordingLogger logger_;
};

TEST_F(MetricsServerTest, ServesTheRegistryAtMetricsAndLogsTheBoundAddress) {
  MetricsServer server(&registry_, &logger_);
  ASSERT_THAT(server.Start("127.0.0.1:0"), IsOk());
  const int port = PortOf(server.address());
  ASSERT_GT(port, 0);
  EXPECT_EQ(server.address(), "127.0.0.1:" + std::to_string(port));

  httplib::Client client("127.0.0.1", port);
  httplib::Result result = client.Get("/metrics");

  ASSERT_TRUE(result) << httplib::to_string(result.error());
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"), kTextContentType);
  EXPECT_EQ(result->body, registry_.Render());
  EXPECT_THAT(result->body, HasSubstr("osp_test_total{k=\"v\"} 7\n"));
  std::vector<testutil::LogLine> lines = logger_.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].message, "metrics serving");
  EXPECT_EQ(lines[0].Field("listen"), server.address());
}

TEST_F(MetricsServerTest, EveryOtherPathIsNotFound) {
  MetricsServer server(&registry_, &logger_);
  ASSERT_THAT(server.Start("127.0.0.1:0"), IsOk());
  httplib::Client client("127.0.0.1", PortOf(server.address()));

  for (const char* path : {"/", "/metrics/x", "/debug"}) {
    httplib::Result result = client.Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 404) << path;
  }
}

TEST_F(MetricsServerTest, ScrapesSeeLaterUpdates) {
  auto gauge = registry_.AddGauge("osp_test_gauge", "g", {});
  ASSERT_THAT(gauge, IsOk());
  MetricsServer server(&registry_, &logger_);
  ASSERT_THAT(server.Start("127.0.0.1:0"), IsOk());
  httplib::Client client("127.0.0.1", PortOf(server.address()));

  (*gauge)->With({})->Set(1);
  httplib::Result first = client.Get("/metrics");
  (*gauge)->With({})->Set(2);
  httplib::Result second = client.Get("/metrics");

  ASSERT_TRUE(first && second);
  EXPECT_THAT(first->body, HasSubstr("osp_test_gauge 1\n"));
  EXPECT_THAT(second->body, HasSubstr("osp_test_gauge 2\n"));
}

TEST_F(MetricsServerTest, PortInUseIsUnavailableAndNamesTheAddress) {
  MetricsServer first(&registry_, &logger_);
  ASSERT_THAT(first.Start("127.0.0.1:0"), IsOk());
  MetricsServer second(&registry_, &logger_);

  EXPECT_THAT(second.Start(first.address()),
              StatusIs(absl::StatusCode::kUnavailable,
                       "metrics.listen: cannot listen on '" + first.address() + "'"));
  EXPECT_EQ(second.address(), "");
}

TEST_F(MetricsServerTest, MalformedAddressIsInvalid) {
  MetricsServer server(&registry_, &logger_);
  for (const char* listen : {"", "no-port", ":9464", "127.0.0.1:x", "127.0.0.1:70000"}) {
    EXPECT_THAT(server.Start(listen), StatusIs(absl::StatusCode::kInvalidArgument)) << listen;
  }
}

TEST_F(MetricsServerTest, StartTwiceFailsAndStopIsIdempotent) {
  MetricsServer server(&registry_, &logger_);
  server.Stop();  // Before Start: nothing to do.
  ASSERT_THAT(server.Start("127.0.0.1:0"), IsOk());
  EXPECT_THAT(server.Start("127.0.0.1:0"), StatusIs(absl::StatusCode::kFailedPrecondition));
  const int port = PortOf(server.address());
  server.Stop();
  server.Stop();

  httplib::Client client("127.0.0.1", port);
  EXPECT_FALSE(client.Get("/metrics"));
}

TEST_F(MetricsServerTest, ListensOnIpv6Loopback) {
  MetricsServer server(&registry_, &logger_);
  if (!server.Start("[::1]:0").ok()) GTEST_SKIP() << "no IPv6 loopback here";
  EXPECT_EQ(server.address().rfind("[::1]:", 0), 0u) << server.address();
  httplib::Client client("::1", PortOf(server.address()));
  httplib::Result result = client.Get("/metrics");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
}

}  // namespace
}  // namespace osp::server::metrics
