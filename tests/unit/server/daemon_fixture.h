// DaemonTest / DaemonTlsTest: a temporary directory for sockets and key files, a JsonLogger into
// a string, a HoldingService to serve, and the client helpers the daemon tests call it with
// (health Check, one server reflection exchange, TLS channels with the TestPki's certificates).
// Shared by daemon_test.cc and daemon_access_test.cc. Thread-compatible.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/sync_stream.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "osp/v1/provider.grpc.pb.h"
#include "server/json_logger.h"
#include "tests/testutil/fake_clock.h"
#include "tests/unit/server/test_certs.h"

namespace osp::server {

// Every call from a test gets this long at most, so that a broken server fails the test
// instead of hanging it.
constexpr int kCallTimeoutSeconds = 30;

inline std::unique_ptr<grpc::ClientContext> Context() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(kCallTimeoutSeconds));
  return ctx;
}

inline absl::Status ToAbsl(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

// ObjectStoreProvider with every RPC unimplemented except GetProviderInfo, which can be held
// open until the test releases it or the call is cancelled.
class HoldingService final : public v1::ObjectStoreProvider::Service {
 public:
  grpc::Status GetProviderInfo(grpc::ServerContext* context, const v1::GetProviderInfoRequest*,
                               v1::GetProviderInfoResponse* response) override {
    if (hold_) {
      entered_.Notify();
      // A synchronous handler learns of its cancellation only by asking.
      while (!release_.WaitForNotificationWithTimeout(absl::Milliseconds(20))) {
        if (context->IsCancelled()) {
          cancelled_.Notify();
          return grpc::Status::CANCELLED;
        }
      }
    }
    response->set_version("test");
    return grpc::Status::OK;
  }
  bool hold_ = false;
  absl::Notification entered_;
  absl::Notification release_;
  absl::Notification cancelled_;
};

class DaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/ospd-daemon-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    socket_ = dir_ + "/ospd.sock";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string WriteFile(const std::string& name, const std::string& content) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << content;
    return path;
  }

  // The logged lines, parsed.
  std::vector<nlohmann::json> LogLines() const {
    std::vector<nlohmann::json> lines;
    for (absl::string_view line : absl::StrSplit(log_.str(), '\n', absl::SkipEmpty())) {
      lines.push_back(nlohmann::json::parse(line));
    }
    return lines;
  }

  // The fields of the logged "serving" line.
  nlohmann::json ServingLine() const {
    for (const nlohmann::json& line : LogLines()) {
      if (line["msg"] == "serving") return line;
    }
    return nlohmann::json();
  }

  std::string dir_;
  std::string socket_;
  testutil::FakeClock clock_;
  std::ostringstream log_;
  JsonLogger logger_{&log_, &clock_, providers::base::LogLevel::kDebug};
  HoldingService service_;
};

class DaemonTlsTest : public DaemonTest {
 protected:
  void SetUp() override {
    DaemonTest::SetUp();
    pki_ = testutil::MakeTestPki();
    tls_.set_cert_file(WriteFile("server.crt", pki_.server_cert));
    tls_.set_key_file(WriteFile("server.key", pki_.server_key));
  }
  std::shared_ptr<grpc::Channel> TlsChannel(const std::string& target, bool with_client_cert) {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = pki_.ca_cert;
    if (with_client_cert) {
      options.pem_private_key = pki_.client_key;
      options.pem_cert_chain = pki_.client_cert;
    }
    return grpc::CreateChannel(target, grpc::SslCredentials(options));
  }

  testutil::TestPki pki_;
  v1::TlsConfig tls_;
};

inline absl::StatusOr<grpc::health::v1::HealthCheckResponse::ServingStatus> CheckHealth(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& name) {
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(name);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status =
      grpc::health::v1::Health::NewStub(channel)->Check(Context().get(), request, &response);
  if (!status.ok()) return ToAbsl(status);
  return response.status();
}

inline std::shared_ptr<grpc::Channel> UnixChannel(const std::string& path) {
  return grpc::CreateChannel("unix:" + path, grpc::InsecureChannelCredentials());
}

// One server reflection exchange with a hand-encoded request, so that the test does not compile
// reflection.proto (which grpc++_reflection already registers). Returns the raw response (empty
// if the server sent none), or the call's status if that is not OK.
inline absl::StatusOr<std::string> ReflectionExchange(const std::shared_ptr<grpc::Channel>& channel,
                                                      const std::string& request) {
  auto ctx = Context();
  grpc::internal::RpcMethod method("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                                   grpc::internal::RpcMethod::BIDI_STREAMING);
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
          channel.get(), method, ctx.get()));
  grpc::Slice slice(request);
  grpc::ByteBuffer out(&slice, 1);
  stream->Write(out);
  stream->WritesDone();
  grpc::ByteBuffer in;
  std::string response;
  if (stream->Read(&in)) {
    std::vector<grpc::Slice> slices;
    EXPECT_TRUE(in.Dump(&slices).ok());
    for (const grpc::Slice& s : slices) response.append(s.begin(), s.end());
  }
  const grpc::Status status = stream->Finish();
  if (!status.ok()) return ToAbsl(status);
  return response;
}

// ServerReflectionRequest with the string field `field` (list_services = 7,
// file_containing_symbol = 4) set to `value` (shorter than 128 bytes).
inline std::string ReflectionRequest(int field, const std::string& value) {
  return std::string{static_cast<char>(field << 3 | 2), static_cast<char>(value.size())} + value;
}

}  // namespace osp::server
