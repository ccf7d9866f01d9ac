// ObjectStoreService with a ClientAllowList: a caller that is refused gets its code before any
// validation or backend call (the StrictMock provider expects none), and one warn "rpc" line
// with its peer and the reason. The in-process channel has no TLS, so its caller has no
// certificate; listed and unlisted subjects over real mTLS are in tests/e2e/test_access.py.
#include <memory>
#include <string>

#include "tests/unit/server/service_fixture.h"

namespace osp::server {
namespace {

using providers::base::LogLevel;
using ::testing::Optional;

class ServiceAccessTest : public ServiceFixture {
 protected:
  ServiceAccessTest() { allow_list_ = &list_; }

  // The one log line of `rpc`, which must be a refusal as UNAUTHENTICATED.
  void ExpectOneRefusalLine(const std::string& rpc) {
    const std::vector<testutil::LogLine> lines = LinesOf(rpc);
    ASSERT_EQ(lines.size(), 1u) << rpc;
    EXPECT_EQ(lines[0].level, LogLevel::kWarn);
    EXPECT_THAT(lines[0].Field("code"), Optional(std::string("UNAUTHENTICATED")));
    EXPECT_THAT(lines[0].Field("peer"), Optional(::testing::Not(std::string(""))));
    EXPECT_THAT(lines[0].Field("error"), Optional(::testing::HasSubstr("client certificate")));
  }

  const ClientAllowList list_{{"CN=ospctl"}};
};

TEST_F(ServiceAccessTest, UnaryCallWithoutCertificateIsRefusedBeforeValidation) {
  v1::GetBucketRequest request;  // invalid too: the refusal comes first
  v1::GetBucketResponse response;
  grpc::ClientContext ctx;
  const grpc::Status status = stub_->GetBucket(&ctx, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(),
            "no verified client certificate (listen.tls.allowed_client_subjects is set)");
  ExpectOneRefusalLine("GetBucket");
}

TEST_F(ServiceAccessTest, GetProviderInfoIsRefusedWithoutListingBackends) {
  v1::GetProviderInfoResponse response;
  grpc::ClientContext ctx;
  EXPECT_EQ(stub_->GetProviderInfo(&ctx, {}, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(response.backends_size(), 0);
  ExpectOneRefusalLine("GetProviderInfo");
}

TEST_F(ServiceAccessTest, StreamsAreRefusedToo) {
  v1::PutObjectRequest header;
  header.mutable_header()->set_backend("ecs1");
  header.mutable_header()->set_bucket("photos");
  header.mutable_header()->set_key("k");
  v1::PutObjectResponse put_response;
  grpc::ClientContext put_ctx;
  auto writer = stub_->PutObject(&put_ctx, &put_response);
  writer->Write(header);
  writer->WritesDone();
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  ExpectOneRefusalLine("PutObject");

  v1::GetObjectRequest get;
  get.set_backend("ecs1");
  get.set_bucket("photos");
  get.set_key("k");
  grpc::ClientContext get_ctx;
  auto reader = stub_->GetObject(&get_ctx, get);
  v1::GetObjectResponse message;
  EXPECT_FALSE(reader->Read(&message));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  ExpectOneRefusalLine("GetObject");
}

}  // namespace
}  // namespace osp::server
