#include "server/metrics/daemon_metrics.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server::metrics {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

class DaemonMetricsTest : public testing::Test {
 protected:
  void SetUp() override {
    auto metrics = DaemonMetrics::Create(&registry_, "1.2.3");
    ASSERT_THAT(metrics, IsOk());
    metrics_ = *std::move(metrics);
  }

  MetricRegistry registry_;
  std::unique_ptr<DaemonMetrics> metrics_;
};

TEST_F(DaemonMetricsTest, ExportsBuildInfoAndZeroSeriesFromTheStart) {
  const std::string text = registry_.Render();
  EXPECT_THAT(text, HasSubstr("osp_build_info{version=\"1.2.3\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("osp_object_bytes_total{direction=\"upload\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("osp_object_bytes_total{direction=\"download\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("osp_streams_in_flight{method=\"GetObject\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("osp_streams_in_flight{method=\"PutObject\"} 0\n"));
  for (const char* family :
       {"osp_rpc_requests_total counter", "osp_rpc_duration_seconds histogram",
        "osp_backend_http_requests_total counter", "osp_backend_http_duration_seconds histogram",
        "osp_backend_http_retries_total counter", "osp_backend_logins_total counter"}) {
    EXPECT_THAT(text, HasSubstr(std::string("# TYPE ") + family + "\n"));
  }
}

TEST_F(DaemonMetricsTest, RecordsRpcsByMethodAndCodeName) {
  metrics_->RecordRpc("GetBucket", absl::StatusCode::kNotFound, absl::Milliseconds(3));
  metrics_->RecordRpc("GetBucket", absl::StatusCode::kOk, absl::Milliseconds(30));
  metrics_->RecordRpc("GetBucket", absl::StatusCode::kOk, absl::Seconds(200));

  const std::string text = registry_.Render();
  EXPECT_THAT(text,
              HasSubstr("osp_rpc_requests_total{method=\"GetBucket\",code=\"NOT_FOUND\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("osp_rpc_requests_total{method=\"GetBucket\",code=\"OK\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("osp_rpc_duration_seconds_bucket{method=\"GetBucket\",le=\"0.005\"} 1\n"));
  EXPECT_THAT(text,
              HasSubstr("osp_rpc_duration_seconds_bucket{method=\"GetBucket\",le=\"0.05\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("osp_rpc_duration_seconds_bucket{method=\"GetBucket\",le=\"120\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("osp_rpc_duration_seconds_bucket{method=\"GetBucket\",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("osp_rpc_duration_seconds_count{method=\"GetBucket\"} 3\n"));
}

TEST_F(DaemonMetricsTest, RecordsBackendCallsRetriesAndLogins) {
  metrics_->RecordBackendHttp("ecs1", "ecs.login", "200", absl::Milliseconds(4));
  metrics_->RecordBackendHttp("ecs1", "s3.PutObject", "UNAVAILABLE", absl::Seconds(1));
  metrics_->RecordBackendRetry("ecs1", "s3.PutObject");
  metrics_->RecordBackendLogin("ecs1");

  const std::string text = registry_.Render();
  EXPECT_THAT(text, HasSubstr("osp_backend_http_requests_total{backend=\"ecs1\",operation=\""
                              "ecs.login\",status=\"200\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("osp_backend_http_requests_total{backend=\"ecs1\",operation=\""
                              "s3.PutObject\",status=\"UNAVAILABLE\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("osp_backend_http_duration_seconds_count{backend=\"ecs1\","
                              "operation=\"s3.PutObject\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("osp_backend_http_retries_total{backend=\"ecs1\",operation=\""
                              "s3.PutObject\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("osp_backend_logins_total{backend=\"ecs1\"} 1\n"));
}

TEST_F(DaemonMetricsTest, CountsBytesAndStreams) {
  metrics_->UploadedBytes()->Increment(1000);
  metrics_->DownloadedBytes()->Increment(24);
  metrics_->StreamsInFlight("GetObject")->Add(1);

  const std::string text = registry_.Render();
  EXPECT_THAT(text, HasSubstr("osp_object_bytes_total{direction=\"upload\"} 1000\n"));
  EXPECT_THAT(text, HasSubstr("osp_object_bytes_total{direction=\"download\"} 24\n"));
  EXPECT_THAT(text, HasSubstr("osp_streams_in_flight{method=\"GetObject\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("osp_streams_in_flight{method=\"GetObject\"} 0\n")));
}

TEST_F(DaemonMetricsTest, SecondSetInTheSameRegistryIsRefused) {
  EXPECT_THAT(DaemonMetrics::Create(&registry_, "1.2.3"),
              StatusIs(absl::StatusCode::kAlreadyExists));
}

}  // namespace
}  // namespace osp::server::metrics
