#include "server/daemon.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/impl/codegen/client_unary_call.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/sync_stream.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "osp/v1/provider.grpc.pb.h"
#include "server/json_logger.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/freezable_tcp_proxy.h"
#include "tests/testutil/status_matchers.h"
#include "tests/unit/server/daemon_fixture.h"
#include "tests/unit/server/test_certs.h"

namespace osp::server {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(HealthServiceNamesTest, OverallServiceAndOnePerBackend) {
  EXPECT_THAT(HealthServiceNames({"ecs-1", "minio"}),
              ElementsAre("", "osp.v1.ObjectStoreProvider", "osp.v1.ObjectStoreProvider/ecs-1",
                          "osp.v1.ObjectStoreProvider/minio"));
}

TEST_F(DaemonTest, ServesHealthOnUnixSocketAndTcp) {
  v1::DaemonConfig config;
  config.mutable_listen()->set_unix(socket_);
  config.mutable_listen()->set_tcp("127.0.0.1:0");
  config.set_max_threads(2);
  Daemon daemon(config, &logger_);
  ASSERT_THAT(daemon.Start({&service_}, {"ecs-1", "minio-1"}), IsOk());

  std::string tcp = daemon.tcp_address();
  ASSERT_THAT(tcp, HasSubstr("127.0.0.1:"));
  EXPECT_NE(tcp, "127.0.0.1:0");
  nlohmann::json serving = ServingLine();
  EXPECT_EQ(serving["level"], "info");
  EXPECT_EQ(serving["unix"], socket_);
  EXPECT_EQ(serving["tcp"], tcp);
  EXPECT_EQ(serving["tls"], "off");

  struct stat st {};
  ASSERT_EQ(stat(socket_.c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0660u);

  auto unix_channel = UnixChannel(socket_);
  auto tcp_channel = grpc::CreateChannel(tcp, grpc::InsecureChannelCredentials());
  for (const auto& channel : {unix_channel, tcp_channel}) {
    EXPECT_THAT(CheckHealth(channel, ""), IsOkAndHolds(HealthCheckResponse::SERVING));
    EXPECT_THAT(CheckHealth(channel, "osp.v1.ObjectStoreProvider"),
                IsOkAndHolds(HealthCheckResponse::SERVING));
    EXPECT_THAT(CheckHealth(channel, "osp.v1.ObjectStoreProvider/minio-1"),
                IsOkAndHolds(HealthCheckResponse::SERVING));
    EXPECT_THAT(CheckHealth(channel, "osp.v1.ObjectStoreProvider/other"),
                StatusIs(absl::StatusCode::kNotFound));
  }
  v1::GetProviderInfoResponse info;
  EXPECT_TRUE(v1::ObjectStoreProvider::NewStub(tcp_channel)
                  ->GetProviderInfo(Context().get(), {}, &info)
                  .ok());
  EXPECT_EQ(info.version(), "test");

  daemon.Shutdown();
  EXPECT_NE(access(socket_.c_str(), F_OK), 0) << "socket file left behind";
}

TEST_F(DaemonTest, ReflectionDescribesTheServiceAndHealth) {
  v1::DaemonConfig config;
  config.mutable_listen()->set_unix(socket_);
  Daemon daemon(config, &logger_);
  ASSERT_THAT(daemon.Start({&service_}, {"b"}), IsOk());
  auto channel = UnixChannel(socket_);

  EXPECT_THAT(ReflectionExchange(channel, ReflectionRequest(7, "")),
              IsOkAndHolds(AllOf(HasSubstr("osp.v1.ObjectStoreProvider"),
                                 HasSubstr("grpc.health.v1.Health"))));
  EXPECT_THAT(ReflectionExchange(channel, ReflectionRequest(4, "grpc.health.v1.Health")),
              IsOkAndHolds(HasSubstr("grpc/health/v1/health.proto")));
  EXPECT_THAT(ReflectionExchange(channel, ReflectionRequest(4, "osp.v1.ObjectStoreProvider")),
              IsOkAndHolds(HasSubstr("osp/v1/provider.proto")));
}

TEST_F(DaemonTest, AnUnparsableRequestIsInvalidArgumentAndLogged) {
  v1::DaemonConfig config;
  config.mutable_listen()->set_unix(socket_);
  Daemon daemon(config, &logger_);
  ASSERT_THAT(daemon.Start({&service_}, {"b"}), IsOk());
  auto channel = UnixChannel(socket_);
  const auto call = [&](const std::string& bytes) {
    grpc::internal::RpcMethod method("/osp.v1.ObjectStoreProvider/GetCapabilities",
                                     grpc::internal::RpcMethod::NORMAL_RPC);
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    auto ctx = Context();
    return grpc::internal::BlockingUnaryCall(channel.get(), method, ctx.get(), request, &response);
  };
  // GetCapabilitiesRequest.backend (field 1, length 1) = 0xFF: not UTF-8, so protobuf refuses it.
  const grpc::Status refused = call(std::string{0x0a, 0x01, static_cast<char>(0xff)});
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(refused.error_message(),
            "request: not a valid GetCapabilities request (string fields must be valid UTF-8)");
  EXPECT_THAT(log_.str(),
              HasSubstr(R"("msg":"rpc","rpc":"GetCapabilities","code":"INVALID_ARGUMENT")"));
  // The same request with backend "b" parses and reaches the service (unimplemented here).
  EXPECT_EQ(call(std::string{0x0a, 0x01, 'b'}).error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

TEST_F(DaemonTest, AppliesUnixModeAndReplacesAStaleSocket) {
  // A socket file nobody listens on, as a killed daemon leaves behind.
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", socket_.c_str());
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  close(fd);

  v1::DaemonConfig config;
  config.mutable_listen()->set_unix(socket_);
  config.mutable_listen()->set_unix_mode("0600");
  Daemon daemon(config, &logger_);
  ASSERT_THAT(daemon.Start({&service_}, {}), IsOk());
  struct stat st {};
  ASSERT_EQ(stat(socket_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_THAT(CheckHealth(UnixChannel(socket_), ""), IsOkAndHolds(HealthCheckResponse::SERVING));
  EXPECT_FALSE(ServingLine().contains("tcp"));
}

TEST_F(DaemonTest, GivesTheSocketTheConfiguredGroupAndLogsIt) {
  // Any gid will do for root; others can only use their own group.
  const gid_t gid = geteuid() == 0 ? 4242 : getegid();
  v1::DaemonConfig config;
  config.mutable_listen()->set_unix(socket_);
  config.mutable_listen()->set_unix_group(std::to_string(gid));
  config.mutable_listen()->set_unix_mode("0640");
  Daemon daemon(config, &logger_);
  ASSERT_THAT(daemon.Start({&service_}, {}), IsOk());
  struct stat st {};
  ASSERT_EQ(stat(socket_.c_str(), &st), 0);
  EXPECT_EQ(st.st_gid, gid);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  nlohmann::json serving = ServingLine();
  EXPECT_EQ(serving["unix_mode"], "0640");
  EXPECT_EQ(serving["unix_gid"], std::to_string(gid));
}

TEST_F(DaemonTest, UnknownGroupLeavesNothingListening) {
  v1::DaemonConfig config;
  config.mutable_listen()->set_unix(socket_);
  config.mutable_listen()->set_unix_group("no-such-group-ospd-test");
  Daemon daemon(config, &logger_);
  EXPECT_THAT(daemon.Start({&service_}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("listen.unix_group")));
  EXPECT_NE(access(socket_.c_str(), F_OK), 0);
}

TEST_F(DaemonTest, RefusesASocketPathInUseOrNotASocket) {
  v1::DaemonConfig config;
  config.mutable_listen()->set_unix(socket_);
  Daemon first(config, &logger_);
  ASSERT_THAT(first.Start({&service_}, {}), IsOk());
  HoldingService other_service;
  Daemon second(config, &logger_);
  EXPECT_THAT(second.Start({&other_service}, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("listen.unix: '" + socket_ + "' is in use")));
  EXPECT_THAT(CheckHealth(UnixChannel(socket_), ""), IsOkAndHolds(HealthCheckResponse::SERVING));

  config.mutable_listen()->set_unix(WriteFile("plain-file", "x"));
  Daemon third(config, &logger_);
  EXPECT_THAT(third.Start({&other_service}, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("is not a socket")));
  config.mutable_listen()->set_unix(dir_ + "/missing/ospd.sock");
  Daemon fourth(config, &logger_);
  EXPECT_THAT(fourth.Start({&other_service}, {}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("does not exist")));
}

TEST_F(DaemonTest, RefusesATcpPortInUse) {
  v1::DaemonConfig config;
  config.mutable_listen()->set_tcp("127.0.0.1:0");
  Daemon first(config, &logger_);
  ASSERT_THAT(first.Start({&service_}, {}), IsOk());
  config.mutable_listen()->set_tcp(first.tcp_address());
  HoldingService other_service;
  Daemon second(config, &logger_);
  EXPECT_THAT(second.Start({&other_service}, {}),
              StatusIs(absl::StatusCode::kUnavailable,
                       HasSubstr("listen: cannot listen on " + first.tcp_address())));
}

TEST_F(DaemonTlsTest, ServesTls) {
  v1::DaemonConfig config;
  config.mutable_listen()->set_tcp("127.0.0.1:0");
  *config.mutable_listen()->mutable_tls() = tls_;
  Daemon daemon(config, &logger_);
  ASSERT_THAT(daemon.Start({&service_}, {"b"}), IsOk());
  EXPECT_EQ(ServingLine()["tls"], "tls");
  EXPECT_THAT(CheckHealth(TlsChannel(daemon.tcp_address(), false), "osp.v1.ObjectStoreProvider/b"),
              IsOkAndHolds(HealthCheckResponse::SERVING));
  auto plaintext = grpc::CreateChannel(daemon.tcp_address(), grpc::InsecureChannelCredentials());
  EXPECT_THAT(CheckHealth(plaintext, ""), StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(DaemonTlsTest, MutualTlsRefusesClientsWithoutCertificate) {
  tls_.set_client_ca_file(WriteFile("ca.crt", pki_.ca_cert));
  v1::DaemonConfig config;
  config.mutable_listen()->set_tcp("127.0.0.1:0");
  *config.mutable_listen()->mutable_tls() = tls_;
  Daemon daemon(config, &logger_);
  ASSERT_THAT(daemon.Start({&service_}, {"b"}), IsOk());
  EXPECT_EQ(ServingLine()["tls"], "mtls");
  EXPECT_THAT(CheckHealth(TlsChannel(daemon.tcp_address(), true), ""),
              IsOkAndHolds(HealthCheckResponse::SERVING));
  EXPECT_THAT(CheckHealth(TlsChannel(daemon.tcp_address(), false), ""),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(DaemonTlsTest, BadKeyMaterialNamesTheField) {
  v1::DaemonConfig config;
  config.mutable_listen()->set_tcp("127.0.0.1:0");
  *config.mutable_listen()->mutable_tls() = tls_;
  config.mutable_listen()->mutable_tls()->set_key_file(
      WriteFile("other.key", testutil::MakeTestPki().server_key));
  Daemon mismatched(config, &logger_);
  EXPECT_THAT(mismatched.Start({&service_}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "listen.tls.key_file: does not match listen.tls.cert_file"));

  config.mutable_listen()->mutable_tls()->set_cert_file(WriteFile("junk.crt", "junk"));
  Daemon junk(config, &logger_);
  EXPECT_THAT(junk.Start({&service_}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("listen.tls.cert_file: no PEM certificate in")));
  EXPECT_EQ(log_.str().find(pki_.server_key.substr(40, 20)), std::string::npos);

  config.mutable_listen()->mutable_tls()->set_cert_file(dir_ + "/absent.crt");
  Daemon absent(config, &logger_);
  EXPECT_THAT(
      absent.Start({&service_}, {}),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("listen.tls.cert_file: cannot read")));
}

TEST_F(DaemonTest, ShutdownTurnsHealthNotServingAndLetsRunningCallsFinish) {
  v1::DaemonConfig config;
  config.mutable_listen()->set_unix(socket_);
  config.set_shutdown_grace_seconds(kCallTimeoutSeconds);
  Daemon daemon(config, &logger_);
  ASSERT_THAT(daemon.Start({&service_}, {"ecs-1"}), IsOk());
  auto channel = UnixChannel(socket_);

  // A health watcher, as a load balancer would hold.
  auto watch_ctx = Context();
  HealthCheckRequest request;
  request.set_service("osp.v1.ObjectStoreProvider/ecs-1");
  auto watch = grpc::health::v1::Health::NewStub(channel)->Watch(watch_ctx.get(), request);
  HealthCheckResponse update;
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthCheckResponse::SERVING);

  // A call in flight when shutdown begins.
  service_.hold_ = true;
  grpc::Status slow_status;
  std::thread slow_call([&] {
    v1::GetProviderInfoResponse info;
    slow_status =
        v1::ObjectStoreProvider::NewStub(channel)->GetProviderInfo(Context().get(), {}, &info);
  });
  service_.entered_.WaitForNotification();

  std::thread shutdown([&] { daemon.Shutdown(); });
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), HealthCheckResponse::NOT_SERVING);
  watch_ctx->TryCancel();
  service_.release_.Notify();
  slow_call.join();
  shutdown.join();
  EXPECT_TRUE(slow_status.ok()) << slow_status.error_message();
  EXPECT_THAT(log_.str(), HasSubstr(R"("msg":"shutting down","grace_seconds":"30")"));
  EXPECT_THAT(log_.str(), HasSubstr(R"("msg":"stopped")"));
  EXPECT_NE(access(socket_.c_str(), F_OK), 0);
  daemon.Shutdown();  // idempotent
}

TEST_F(DaemonTest, AClientThatFallsSilentIsCutOffByKeepalive) {
  v1::DaemonConfig config;
  config.mutable_listen()->set_tcp("127.0.0.1:0");
  config.mutable_listen()->set_keepalive_seconds(1);
  Daemon daemon(config, &logger_);
  ASSERT_THAT(daemon.Start({&service_}, {"b"}), IsOk());
  const std::string tcp = daemon.tcp_address();
  testutil::FreezableTcpProxy network(std::stoi(tcp.substr(tcp.rfind(':') + 1)));
  ASSERT_NE(network.port(), 0);
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", network.port()),
                                     grpc::InsecureChannelCredentials());

  service_.hold_ = true;
  grpc::ClientContext context;  // No deadline: only keepalive can end the call.
  v1::GetProviderInfoResponse info;
  std::thread call([&] {
    (void)v1::ObjectStoreProvider::NewStub(channel)->GetProviderInfo(&context, {}, &info);
  });
  service_.entered_.WaitForNotification();
  network.Freeze();

  // The daemon's pings go unanswered: within about two seconds it drops the connection and
  // cancels the call. The bound only keeps a broken build from hanging the test.
  EXPECT_TRUE(service_.cancelled_.WaitForNotificationWithTimeout(absl::Seconds(60)));
  context.TryCancel();
  service_.release_.Notify();
  call.join();
}

TEST_F(DaemonTest, StartsOnlyOnce) {
  v1::DaemonConfig config;
  config.mutable_listen()->set_unix(socket_);
  Daemon daemon(config, &logger_);
  ASSERT_THAT(daemon.Start({&service_}, {}), IsOk());
  EXPECT_THAT(daemon.Start({&service_}, {}), StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace osp::server
