// ChannelFactory over TLS and mTLS, end to end through ospctl against a fake server with a
// throw-away PKI (tests/unit/server/test_certs.h).
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/client/fake_provider_service.h"
#include "tests/unit/client/ospctl_runner.h"
#include "tests/unit/server/test_certs.h"

namespace osp::client::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class ChannelFactoryTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/ospctl-tls-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
    pki_ = testutil::MakeTestPki();
    ca_file_ = Write("ca.pem", pki_.ca_cert);
    cert_file_ = Write("client.pem", pki_.client_cert);
    key_file_ = Write("client.key", pki_.client_key);
    v1::GetProviderInfoResponse info;
    info.set_name("ospd-tls");
    for (int i = 0; i < 4; ++i) service_.Respond("GetProviderInfo", info);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << content;
    return path;
  }

  std::shared_ptr<grpc::ServerCredentials> ServerCredentials(bool require_client_cert) {
    grpc::SslServerCredentialsOptions options(
        require_client_cert ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                            : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    options.pem_key_cert_pairs.push_back({pki_.server_key, pki_.server_cert});
    if (require_client_cert) options.pem_root_certs = pki_.ca_cert;
    return grpc::SslServerCredentials(options);
  }

  std::string dir_;
  testutil::TestPki pki_;
  std::string ca_file_;
  std::string cert_file_;
  std::string key_file_;
  FakeProviderService service_;
};

TEST_F(ChannelFactoryTlsTest, CaFileVerifiesTheServer) {
  FakeProviderServer server(service_, ServerCredentials(false));
  const OspctlResult result =
      RunOspctl({"info", "--target", server.target(), "--ca-file", ca_file_});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("ospd-tls"));
}

TEST_F(ChannelFactoryTlsTest, ServerNameOverridesTheCheckedName) {
  FakeProviderServer server(service_, ServerCredentials(false));
  EXPECT_EQ(RunOspctl({"info", "--target", server.target(), "--ca-file", ca_file_, "--server-name",
                       "localhost"})
                .exit_code,
            0);
  const OspctlResult wrong = RunOspctl({"info", "--target", server.target(), "--ca-file", ca_file_,
                                        "--server-name", "ospd.wrong.example"});
  EXPECT_EQ(wrong.exit_code, 14);
  EXPECT_THAT(wrong.err, StartsWith("UNAVAILABLE: cannot reach ospd at " + server.target()));
}

TEST_F(ChannelFactoryTlsTest, PlaintextClientCannotTalkToATlsServer) {
  FakeProviderServer server(service_, ServerCredentials(false));
  EXPECT_EQ(RunOspctl({"info", "--target", server.target()}).exit_code, 14);
}

TEST_F(ChannelFactoryTlsTest, MutualTlsNeedsTheClientCertificate) {
  FakeProviderServer server(service_, ServerCredentials(true));
  const OspctlResult without =
      RunOspctl({"info", "--target", server.target(), "--ca-file", ca_file_});
  EXPECT_EQ(without.exit_code, 14);
  const OspctlResult with = RunOspctl({"info", "--target", server.target(), "--ca-file", ca_file_,
                                       "--cert-file", cert_file_, "--key-file", key_file_});
  EXPECT_EQ(with.exit_code, 0) << with.err;
  EXPECT_THAT(with.out, AllOf(HasSubstr("ospd-tls")));
}

}  // namespace
}  // namespace osp::client::testing
