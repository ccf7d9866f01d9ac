// TLS behaviour of CurlHttpTransport and CurlHttpTransportFactory against local httplib
// SSLServers whose certificates come from a CA made at test start.
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "providers/http/curl_http_transport.h"
#include "providers/http/curl_http_transport_factory.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/status_matchers.h"
#include "tests/unit/providers/http/local_server.h"
#include "tests/unit/providers/http/recording_logger.h"
#include "tests/unit/providers/http/test_pki.h"

namespace osp::providers::http {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

class CurlHttpTransportTlsTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(pki_.ok()); }

  // Serves GET /hello over TLS with `cert`; requires a client certificate signed by the test CA
  // when `require_client_cert`.
  void StartServer(const std::string& cert, const std::string& key,
                   bool require_client_cert = false) {
    auto server = std::make_unique<httplib::SSLServer>(
        cert.c_str(), key.c_str(), require_client_cert ? pki_.ca_cert().c_str() : nullptr);
    ASSERT_TRUE(server->is_valid());
    server->Get("/hello", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("hi", "text/plain");
    });
    server_ = std::make_unique<LocalServer>(std::move(server), /*tls=*/true);
    ASSERT_TRUE(server_->Start());
  }

  absl::StatusOr<HttpResponse> Get(HttpTransportOptions options) {
    options.backend_id = "ecs1";
    auto transport = CurlHttpTransport::Create(options, &logger_, &clock_);
    if (!transport.ok()) return transport.status();
    return Get(**transport);
  }

  absl::StatusOr<HttpResponse> Get(HttpTransport& transport) {
    HttpRequest request;
    request.url = server_->Url("/hello?X-Amz-Signature=s3cr3t");
    return transport.Send(request, base::CallContext());
  }

  TestPki pki_;
  RecordingLogger logger_;
  testutil::FakeClock clock_;
  std::unique_ptr<LocalServer> server_;
};

TEST_F(CurlHttpTransportTlsTest, UntrustedCertificateIsUnavailableWithAHint) {
  StartServer(pki_.server_cert(), pki_.server_key());

  auto response = Get(HttpTransportOptions());

  EXPECT_THAT(response, StatusIs(absl::StatusCode::kUnavailable,
                                 HasSubstr("TLS certificate not trusted: use ca_file or "
                                           "insecure_skip_verify")));
  EXPECT_THAT(response.status().message(), testing::Not(HasSubstr("s3cr3t")));
}

TEST_F(CurlHttpTransportTlsTest, CaFileMakesTheServerTrusted) {
  StartServer(pki_.server_cert(), pki_.server_key());
  HttpTransportOptions options;
  options.ca_file = pki_.ca_cert();

  auto response = Get(options);

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hi");
  EXPECT_EQ(logger_.Count(base::LogLevel::kWarn), 0);
}

TEST_F(CurlHttpTransportTlsTest, HostNameMismatchIsSaidAsSuch) {
  StartServer(pki_.wrong_host_cert(), pki_.wrong_host_key());
  HttpTransportOptions options;
  options.ca_file = pki_.ca_cert();

  EXPECT_THAT(Get(options), StatusIs(absl::StatusCode::kUnavailable,
                                     HasSubstr("TLS certificate does not match the host name")));
}

TEST_F(CurlHttpTransportTlsTest, InsecureSkipsVerificationAndWarnsOncePerTransport) {
  StartServer(pki_.wrong_host_cert(), pki_.wrong_host_key());
  HttpTransportOptions options;
  options.backend_id = "ecs1";
  options.insecure_skip_verify = true;
  auto transport = CurlHttpTransport::Create(options, &logger_, &clock_);
  ASSERT_THAT(transport, IsOk());

  EXPECT_THAT(Get(**transport), IsOk());
  EXPECT_THAT(Get(**transport), IsOk());

  ASSERT_EQ(logger_.Count(base::LogLevel::kWarn), 1);
  EXPECT_THAT(logger_.lines()[0].message, HasSubstr("TLS verification is off"));
  EXPECT_THAT(logger_.lines()[0].fields, UnorderedElementsAre(Pair("backend", "ecs1")));
}

TEST_F(CurlHttpTransportTlsTest, ServerRequiringAClientCertificateRefusesNone) {
  StartServer(pki_.server_cert(), pki_.server_key(), /*require_client_cert=*/true);
  HttpTransportOptions options;
  options.ca_file = pki_.ca_cert();

  EXPECT_THAT(Get(options),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("set client_cert_file")));
}

TEST_F(CurlHttpTransportTlsTest, ClientCertificateIsPresented) {
  StartServer(pki_.server_cert(), pki_.server_key(), /*require_client_cert=*/true);
  HttpTransportOptions options;
  options.ca_file = pki_.ca_cert();
  options.client_cert_file = pki_.client_cert();
  options.client_key_file = pki_.client_key();

  auto response = Get(options);

  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->body, "hi");
}

TEST_F(CurlHttpTransportTlsTest, FactoryMakesAWorkingTransport) {
  StartServer(pki_.server_cert(), pki_.server_key());
  CurlHttpTransportFactory factory(&logger_, &clock_);
  HttpTransportOptions options;
  options.ca_file = pki_.ca_cert();

  auto transport = factory.Create(options);

  ASSERT_THAT(transport, IsOk());
  auto response = Get(**transport);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->body, "hi");
}

class CurlHttpTransportOptionsTest : public CurlHttpTransportTlsTest {
 protected:
  absl::Status CreateStatus(const HttpTransportOptions& options) {
    CurlHttpTransportFactory factory(&logger_, &clock_);
    return factory.Create(options).status();
  }
};

TEST_F(CurlHttpTransportOptionsTest, UnreadableCaFileNamesTheOption) {
  HttpTransportOptions options;
  options.ca_file = pki_.missing();
  EXPECT_THAT(CreateStatus(options),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ca_file: cannot read")));
  options.ca_file = pki_.garbage();
  EXPECT_THAT(CreateStatus(options),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ca_file:")));
}

TEST_F(CurlHttpTransportOptionsTest, UnreadableClientCertificateNamesTheOption) {
  HttpTransportOptions options;
  options.client_cert_file = pki_.missing();
  options.client_key_file = pki_.client_key();
  EXPECT_THAT(CreateStatus(options), StatusIs(absl::StatusCode::kInvalidArgument,
                                              HasSubstr("client_cert_file: cannot read")));
  options.client_cert_file = pki_.client_cert();
  options.client_key_file = pki_.garbage();
  EXPECT_THAT(CreateStatus(options),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("client_key_file:")));
}

TEST_F(CurlHttpTransportOptionsTest, CertificateAndKeyGoTogetherAndMatch) {
  HttpTransportOptions options;
  options.client_key_file = pki_.client_key();
  EXPECT_THAT(CreateStatus(options),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("client_cert_file:")));
  options.client_cert_file = pki_.client_cert();
  options.client_key_file = pki_.server_key();
  EXPECT_THAT(CreateStatus(options), StatusIs(absl::StatusCode::kInvalidArgument,
                                              HasSubstr("does not match client_cert_file")));
  options.client_key_file = pki_.client_key();
  EXPECT_THAT(CreateStatus(options), IsOk());
}

TEST_F(CurlHttpTransportOptionsTest, BadNumbersNameTheField) {
  HttpTransportOptions options;
  options.max_retries = -1;
  EXPECT_THAT(CreateStatus(options),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("max_retries")));
  options = HttpTransportOptions();
  options.connect_timeout = absl::ZeroDuration();
  EXPECT_THAT(CreateStatus(options),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("connect_timeout")));
}

}  // namespace
}  // namespace osp::providers::http
