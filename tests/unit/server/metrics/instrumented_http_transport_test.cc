// InstrumentedHttpTransport and its factory: what a backend call leaves in the metrics and in the
// debug log, and that the wrapped transport's answer passes through unchanged.
#include "server/metrics/instrumented_http_transport.h"

#include <memory>
#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/metrics/instrumented_http_transport_factory.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/fake_http_transport.h"
#include "tests/testutil/recording_logger.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server::metrics {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using providers::base::CallContext;
using providers::base::LogLevel;
using providers::http::HttpRequest;
using providers::http::HttpResponse;
using providers::http::HttpTransport;
using providers::http::HttpTransportOptions;
using ::testing::HasSubstr;
using ::testing::Not;

HttpRequest Request(std::string operation, std::string url) {
  HttpRequest request;
  request.method = "PUT";
  request.url = std::move(url);
  request.operation = std::move(operation);
  request.headers = {{"Authorization", "AWS4-HMAC-SHA256 Credential=AKIASECRET"}};
  return request;
}

class InstrumentedHttpTransportTest : public testing::Test {
 protected:
  void SetUp() override {
    auto metrics = DaemonMetrics::Create(&registry_, "t");
    ASSERT_THAT(metrics, IsOk());
    metrics_ = *std::move(metrics);
    auto fake = std::make_unique<testutil::FakeHttpTransport>();
    fake_ = fake.get();
    transport_ = std::make_unique<InstrumentedHttpTransport>(std::move(fake), "ecs1",
                                                             metrics_.get(), &logger_, &clock_);
  }

  // Answers the next request with `status` after `took` of fake time.
  void Answer(int status, absl::Duration took) {
    fake_->SetHandler([this, status, took](const HttpRequest&) -> absl::StatusOr<HttpResponse> {
      clock_.Advance(took);
      HttpResponse response;
      response.status = status;
      response.body = "body";
      return response;
    });
  }

  MetricRegistry registry_;
  std::unique_ptr<DaemonMetrics> metrics_;
  testutil::RecordingLogger logger_{LogLevel::kDebug};
  testutil::FakeClock clock_;
  testutil::FakeHttpTransport* fake_ = nullptr;
  std::unique_ptr<InstrumentedHttpTransport> transport_;
};

TEST_F(InstrumentedHttpTransportTest, CountsAndTimesEachCallAndPassesTheResponseThrough) {
  Answer(404, absl::Milliseconds(30));

  auto response = transport_->Send(
      Request("s3.HeadBucket", "https://s3.example:9021/b?X-Amz-Signature=abc"), CallContext());

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, "body");
  ASSERT_EQ(fake_->requests().size(), 1u);
  const std::string text = registry_.Render();
  EXPECT_THAT(text, HasSubstr("osp_backend_http_requests_total{backend=\"ecs1\",operation=\""
                              "s3.HeadBucket\",status=\"404\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("osp_backend_http_duration_seconds_bucket{backend=\"ecs1\","
                              "operation=\"s3.HeadBucket\",le=\"0.025\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("osp_backend_http_duration_seconds_bucket{backend=\"ecs1\","
                              "operation=\"s3.HeadBucket\",le=\"0.05\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("osp_backend_http_duration_seconds_sum{backend=\"ecs1\","
                              "operation=\"s3.HeadBucket\"} 0.03\n"));
}

TEST_F(InstrumentedHttpTransportTest, LogsOneDebugLineWithoutQueryOrHeaders) {
  Answer(200, absl::Milliseconds(2));

  ASSERT_THAT(
      transport_->Send(Request("s3.PutObject", "https://s3.example:9021/b/k?X-Amz-Signature=abc"),
                       CallContext()),
      IsOk());

  std::vector<testutil::LogLine> lines = logger_.lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].level, LogLevel::kDebug);
  EXPECT_EQ(lines[0].message, "backend http");
  EXPECT_EQ(lines[0].Field("backend"), "ecs1");
  EXPECT_EQ(lines[0].Field("operation"), "s3.PutObject");
  EXPECT_EQ(lines[0].Field("method"), "PUT");
  EXPECT_EQ(lines[0].Field("url"), "https://s3.example:9021/b/k");
  EXPECT_EQ(lines[0].Field("status"), "200");
  EXPECT_EQ(lines[0].Field("duration_ms"), "2.000");
  EXPECT_THAT(lines[0].Text(), Not(HasSubstr("Signature")));
  EXPECT_THAT(lines[0].Text(), Not(HasSubstr("AKIASECRET")));
}

TEST_F(InstrumentedHttpTransportTest, NoDebugLineAboveDebugLevel) {
  testutil::RecordingLogger info_logger(LogLevel::kInfo);
  auto fake = std::make_unique<testutil::FakeHttpTransport>();
  fake->Enqueue(200, "");
  InstrumentedHttpTransport transport(std::move(fake), "ecs1", metrics_.get(), &info_logger,
                                      &clock_);

  ASSERT_THAT(transport.Send(Request("s3.PutObject", "http://h/b"), CallContext()), IsOk());

  EXPECT_TRUE(info_logger.lines().empty());
}

TEST_F(InstrumentedHttpTransportTest, TransportErrorsAreCountedByCodeAndReturnedUnchanged) {
  fake_->Enqueue(absl::UnavailableError("PUT h/b: connection refused"));

  EXPECT_THAT(transport_->Send(Request("s3.PutObject", "http://h/b"), CallContext()),
              StatusIs(absl::StatusCode::kUnavailable, "PUT h/b: connection refused"));

  EXPECT_THAT(registry_.Render(),
              HasSubstr("osp_backend_http_requests_total{backend=\"ecs1\",operation=\""
                        "s3.PutObject\",status=\"UNAVAILABLE\"} 1\n"));
  ASSERT_EQ(logger_.lines().size(), 1u);
  EXPECT_EQ(logger_.lines()[0].Field("status"), "UNAVAILABLE");
  EXPECT_EQ(logger_.lines()[0].Field("error"), "PUT h/b: connection refused");
}

TEST_F(InstrumentedHttpTransportTest, SuccessfulLoginsAreCounted) {
  fake_->Enqueue(200, "");
  fake_->Enqueue(401, "");
  fake_->Enqueue(200, "");

  for (int i = 0; i < 3; ++i) {
    ASSERT_THAT(transport_->Send(Request("ecs.login", "https://ecs:4443/login"), CallContext()),
                IsOk());
  }
  fake_->Enqueue(200, "");
  ASSERT_THAT(transport_->Send(Request("ecs.logout", "https://ecs:4443/logout"), CallContext()),
              IsOk());

  EXPECT_THAT(registry_.Render(), HasSubstr("osp_backend_logins_total{backend=\"ecs1\"} 2\n"));
}

TEST_F(InstrumentedHttpTransportTest, RequestsWithoutOperationAreLabelledUnnamed) {
  fake_->Enqueue(204, "");
  ASSERT_THAT(transport_->Send(Request("", "http://h/"), CallContext()), IsOk());
  EXPECT_THAT(registry_.Render(), HasSubstr("operation=\"unnamed\",status=\"204\"} 1\n"));
}

// A factory standing in for CurlHttpTransportFactory: remembers the options it was given.
class CapturingFactory final : public providers::http::HttpTransportFactory {
 public:
  absl::StatusOr<std::unique_ptr<HttpTransport>> Create(
      const HttpTransportOptions& options) override {
    if (!error.ok()) return error;
    seen = options;
    auto transport = std::make_unique<testutil::FakeHttpTransport>();
    transport->Enqueue(200, "");
    return transport;
  }
  absl::Status error;
  HttpTransportOptions seen;
};

TEST_F(InstrumentedHttpTransportTest, FactoryWrapsTransportsAndCountsRetriesThroughTheHook) {
  CapturingFactory inner;
  InstrumentedHttpTransportFactory factory(&inner, metrics_.get(), &logger_, &clock_);
  HttpTransportOptions options;
  options.backend_id = "minio1";
  options.ca_file = "/etc/ca.pem";
  int chained = 0;
  options.on_retry = [&](const HttpRequest&) { ++chained; };

  auto transport = factory.Create(options);
  ASSERT_THAT(transport, IsOk());
  EXPECT_EQ(inner.seen.backend_id, "minio1");
  EXPECT_EQ(inner.seen.ca_file, "/etc/ca.pem");
  ASSERT_TRUE(inner.seen.on_retry);
  inner.seen.on_retry(Request("minio.AddUser", "https://m/minio/admin/v3/add-user"));
  ASSERT_THAT((*transport)->Send(Request("s3.ListBuckets", "https://m/"), CallContext()), IsOk());

  EXPECT_EQ(chained, 1);
  const std::string text = registry_.Render();
  EXPECT_THAT(text, HasSubstr("osp_backend_http_retries_total{backend=\"minio1\",operation=\""
                              "minio.AddUser\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("osp_backend_http_requests_total{backend=\"minio1\",operation=\""
                              "s3.ListBuckets\",status=\"200\"} 1\n"));
}

TEST_F(InstrumentedHttpTransportTest, FactoryPassesErrorsThrough) {
  CapturingFactory inner;
  inner.error = absl::InvalidArgumentError("ca_file: cannot read '/x'");
  InstrumentedHttpTransportFactory factory(&inner, metrics_.get(), &logger_, &clock_);

  EXPECT_THAT(factory.Create(HttpTransportOptions()),
              StatusIs(absl::StatusCode::kInvalidArgument, "ca_file: cannot read '/x'"));
}

}  // namespace
}  // namespace osp::server::metrics
