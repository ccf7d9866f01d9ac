// ObjectStoreService and the metrics it records, read the way Prometheus does: RPCs through an
// in-process gRPC server, then a scrape of a real MetricsServer on 127.0.0.1:0.
#include <httplib.h>

#include <string>

#include "absl/strings/numbers.h"
#include "server/metrics/metrics_server.h"
#include "tests/unit/server/service_fixture.h"

namespace osp::server {
namespace {

using ::osp::testutil::IsOk;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Return;

class ServiceMetricsTest : public ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    ASSERT_THAT(metrics_server_.Start("127.0.0.1:0"), IsOk());
  }

  std::string Scrape() {
    const std::string address = metrics_server_.address();
    int port = 0;
    EXPECT_TRUE(absl::SimpleAtoi(address.substr(address.rfind(':') + 1), &port));
    httplib::Client client("127.0.0.1", port);
    httplib::Result result = client.Get("/metrics");
    EXPECT_TRUE(result && result->status == 200);
    return result ? result->body : "";
  }

  metrics::MetricsServer metrics_server_{&metric_registry_, &logger_};
};

TEST_F(ServiceMetricsTest, CountsRpcsByMethodAndCode) {
  EXPECT_CALL(*provider_, GetBucket("photos", _))
      .WillOnce(Return(absl::NotFoundError("bucket 'photos' not found")));
  EXPECT_CALL(*provider_, Endpoints())
      .WillRepeatedly(Return(std::vector<providers::BackendEndpoint>{}));

  for (int i = 0; i < 2; ++i) {
    grpc::ClientContext ctx;
    v1::GetProviderInfoResponse response;
    ASSERT_TRUE(stub_->GetProviderInfo(&ctx, v1::GetProviderInfoRequest(), &response).ok());
  }
  {
    grpc::ClientContext ctx;
    v1::GetBucketRequest request;
    request.set_backend("ecs1");
    request.set_name("photos");
    v1::GetBucketResponse response;
    EXPECT_EQ(stub_->GetBucket(&ctx, request, &response).error_code(), grpc::NOT_FOUND);
  }
  {
    grpc::ClientContext ctx;
    v1::GetBucketRequest request;
    request.set_backend("nope");
    request.set_name("photos");
    v1::GetBucketResponse response;
    EXPECT_EQ(stub_->GetBucket(&ctx, request, &response).error_code(), grpc::NOT_FOUND);
  }

  const std::string text = Scrape();
  EXPECT_THAT(text, HasSubstr("osp_build_info{version=\"1.2.3\"} 1\n"));
  EXPECT_THAT(text,
              HasSubstr("osp_rpc_requests_total{method=\"GetProviderInfo\",code=\"OK\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("osp_rpc_requests_total{method=\"GetBucket\",code=\"NOT_FOUND\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("osp_rpc_duration_seconds_count{method=\"GetBucket\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("osp_rpc_duration_seconds_bucket{method=\"GetProviderInfo\","
                              "le=\"+Inf\"} 2\n"));
  // No tenant data in labels: the bucket name appears nowhere.
  EXPECT_THAT(text, Not(HasSubstr("photos")));
}

TEST_F(ServiceMetricsTest, CountsStreamedBytesAndStreamsInFlight) {
  std::string during;
  EXPECT_CALL(*provider_, GetObject(_, _, _, _))
      .WillOnce([&](const providers::GetObjectRequest&,
                    const std::function<absl::Status(const providers::ObjectInfo&)>& on_info,
                    const providers::ChunkWriter& write, const providers::CallContext&) {
        during = Scrape();
        if (absl::Status s = on_info(providers::ObjectInfo{}); !s.ok()) return s;
        return write(std::string(1000, 'x'));
      });
  EXPECT_CALL(*provider_, PutObject(_, _, _))
      .WillOnce([](const providers::PutObjectHeader& header, const providers::ChunkReader& next,
                   const providers::CallContext&) -> absl::StatusOr<providers::PutObjectResult> {
        std::string chunk;
        int64_t size = 0;
        for (;;) {
          absl::StatusOr<bool> more = next(&chunk);
          if (!more.ok()) return more.status();
          if (!*more) break;
          size += static_cast<int64_t>(chunk.size());
        }
        return providers::PutObjectResult{header.key, size, "\"e\"", ""};
      });

  {
    grpc::ClientContext ctx;
    v1::GetObjectRequest request;
    request.set_backend("ecs1");
    request.set_bucket("photos");
    request.set_key("a");
    auto reader = stub_->GetObject(&ctx, request);
    v1::GetObjectResponse message;
    while (reader->Read(&message)) {
    }
    ASSERT_TRUE(reader->Finish().ok());
  }
  {
    grpc::ClientContext ctx;
    v1::PutObjectResponse response;
    auto writer = stub_->PutObject(&ctx, &response);
    v1::PutObjectRequest header;
    header.mutable_header()->set_backend("ecs1");
    header.mutable_header()->set_bucket("photos");
    header.mutable_header()->set_key("b");
    ASSERT_TRUE(writer->Write(header));
    v1::PutObjectRequest chunk;
    chunk.set_chunk(std::string(300, 'y'));
    ASSERT_TRUE(writer->Write(chunk));
    ASSERT_TRUE(writer->Write(chunk));
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
  }

  EXPECT_THAT(during, HasSubstr("osp_streams_in_flight{method=\"GetObject\"} 1\n"));
  const std::string text = Scrape();
  EXPECT_THAT(text, HasSubstr("osp_streams_in_flight{method=\"GetObject\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("osp_streams_in_flight{method=\"PutObject\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("osp_object_bytes_total{direction=\"download\"} 1000\n"));
  EXPECT_THAT(text, HasSubstr("osp_object_bytes_total{direction=\"upload\"} 600\n"));
  EXPECT_THAT(text, HasSubstr("osp_rpc_requests_total{method=\"PutObject\",code=\"OK\"} 1\n"));
}

}  // namespace
}  // namespace osp::server
