#include "client/channel_factory.h"

#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "client/usage_error.h"
#include "gmock/gmock.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "osp/v1/provider.grpc.pb.h"
#include "tests/testutil/freezable_tcp_proxy.h"
#include "tests/testutil/status_matchers.h"

namespace osp::client {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;

// Holds GetProviderInfo open until released.
class HeldService final : public v1::ObjectStoreProvider::Service {
 public:
  grpc::Status GetProviderInfo(grpc::ServerContext*, const v1::GetProviderInfoRequest*,
                               v1::GetProviderInfoResponse*) override {
    entered_.Notify();
    release_.WaitForNotification();
    return grpc::Status::OK;
  }
  absl::Notification entered_;
  absl::Notification release_;
};

TEST(ChannelFactoryTest, AServerThatFallsSilentEndsTheCallByKeepalive) {
  HeldService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  // This server takes pings as often as they come (ospd's own limit is one per 10 s).
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 0);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 0);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  testutil::FreezableTcpProxy network(port);
  ASSERT_NE(network.port(), 0);
  ChannelOptions options;
  options.target = absl::StrCat("127.0.0.1:", network.port());
  options.keepalive = absl::Seconds(1);
  auto channel = ChannelFactory().Create(options);
  ASSERT_THAT(channel, IsOk());

  grpc::ClientContext context;
  // Only keepalive ends the call early; the deadline keeps a broken build from hanging the test.
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  grpc::Status status;
  std::thread call([&] {
    v1::GetProviderInfoResponse info;
    status = v1::ObjectStoreProvider::NewStub(*channel)->GetProviderInfo(&context, {}, &info);
  });
  service.entered_.WaitForNotification();
  network.Freeze();
  call.join();
  service.release_.Notify();

  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("keepalive"));
  // Its answer cannot leave through the frozen network: cancelled rather than waited for.
  server->Shutdown(std::chrono::system_clock::now());
}

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
