// listen.tls.allowed_client_subjects over real mTLS on a loopback port: every method on the TCP
// listener (the service, health, reflection) refuses an unlisted certificate subject with
// PERMISSION_DENIED before any handler runs, and logs one warn line per refused call; a listed
// subject is served, and the Unix socket is not checked.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/daemon.h"
#include "tests/testutil/status_matchers.h"
#include "tests/unit/server/daemon_fixture.h"

namespace osp::server {
namespace {

using grpc::health::v1::HealthCheckResponse;
using ::osp::testutil::IsOk;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;

// The subject DN (RFC 2253) of TestPki's client certificate.
constexpr char kClientSubject[] = "CN=ospd test client";
constexpr char kRefusal[] =
    "client certificate subject 'CN=ospd test client' is not in "
    "listen.tls.allowed_client_subjects";

class DaemonAccessTest : public DaemonTlsTest {
 protected:
  // Serves mTLS on a loopback port (and the Unix socket) admitting only `subject`.
  void StartAdmitting(const std::string& subject) {
    tls_.set_client_ca_file(WriteFile("ca.crt", pki_.ca_cert));
    tls_.add_allowed_client_subjects(subject);
    v1::DaemonConfig config;
    config.mutable_listen()->set_unix(socket_);
    config.mutable_listen()->set_tcp("127.0.0.1:0");
    *config.mutable_listen()->mutable_tls() = tls_;
    daemon_ = std::make_unique<Daemon>(config, &logger_);
    ASSERT_THAT(daemon_->Start({&service_}, {"b"}), IsOk());
    channel_ = TlsChannel(daemon_->tcp_address(), /*with_client_cert=*/true);
  }

  absl::Status GetProviderInfo(const std::shared_ptr<grpc::Channel>& channel) {
    v1::GetProviderInfoResponse response;
    return ToAbsl(
        v1::ObjectStoreProvider::NewStub(channel)->GetProviderInfo(Context().get(), {}, &response));
  }

  // The refusal lines logged so far.
  std::vector<nlohmann::json> RefusalLines() const {
    std::vector<nlohmann::json> refusals;
    for (const nlohmann::json& line : LogLines()) {
      if (line["msg"] == "rpc" && line.value("code", "") == "PERMISSION_DENIED") {
        refusals.push_back(line);
      }
    }
    return refusals;
  }

  std::unique_ptr<Daemon> daemon_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(DaemonAccessTest, UnlistedSubjectIsRefusedByEveryServiceOnTheListener) {
  StartAdmitting("CN=someone else");
  EXPECT_THAT(CheckHealth(channel_, ""), StatusIs(absl::StatusCode::kPermissionDenied, kRefusal));
  EXPECT_THAT(ReflectionExchange(channel_, ReflectionRequest(7, "")),
              StatusIs(absl::StatusCode::kPermissionDenied, kRefusal));
  EXPECT_THAT(GetProviderInfo(channel_), StatusIs(absl::StatusCode::kPermissionDenied, kRefusal));
}

TEST_F(DaemonAccessTest, EachRefusalIsOneWarnLineNamingTheMethod) {
  StartAdmitting("CN=someone else");
  ASSERT_FALSE(CheckHealth(channel_, "").ok());
  ASSERT_FALSE(ReflectionExchange(channel_, ReflectionRequest(7, "")).ok());
  ASSERT_FALSE(GetProviderInfo(channel_).ok());
  const std::vector<nlohmann::json> refusals = RefusalLines();
  ASSERT_EQ(refusals.size(), 3u) << log_.str();
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"grpc.health.v1.Health", "Check"},
      {"grpc.reflection.v1alpha.ServerReflection", "ServerReflectionInfo"},
      {"osp.v1.ObjectStoreProvider", "GetProviderInfo"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(refusals[i]["level"], "warn");
    EXPECT_EQ(refusals[i]["service"], expected[i].first);
    EXPECT_EQ(refusals[i]["rpc"], expected[i].second);
    EXPECT_EQ(refusals[i]["error"], kRefusal);
  }
  // The certificate and key material of the caller appear nowhere in the log.
  EXPECT_EQ(log_.str().find(pki_.client_key.substr(40, 20)), std::string::npos);
  EXPECT_EQ(log_.str().find(pki_.client_cert.substr(40, 20)), std::string::npos);
}

TEST_F(DaemonAccessTest, ListedSubjectIsServedEverywhere) {
  StartAdmitting(kClientSubject);
  EXPECT_THAT(CheckHealth(channel_, ""), IsOkAndHolds(HealthCheckResponse::SERVING));
  EXPECT_THAT(ReflectionExchange(channel_, ReflectionRequest(7, "")),
              IsOkAndHolds(HasSubstr("grpc.health.v1.Health")));
  EXPECT_THAT(GetProviderInfo(channel_), IsOk());
  EXPECT_TRUE(RefusalLines().empty()) << log_.str();
}

TEST_F(DaemonAccessTest, UnixSocketIsNotChecked) {
  StartAdmitting("CN=someone else");
  EXPECT_THAT(CheckHealth(UnixChannel(socket_), ""), IsOkAndHolds(HealthCheckResponse::SERVING));
  EXPECT_THAT(GetProviderInfo(UnixChannel(socket_)), IsOk());
  EXPECT_TRUE(RefusalLines().empty()) << log_.str();
}

}  // namespace
}  // namespace osp::server
