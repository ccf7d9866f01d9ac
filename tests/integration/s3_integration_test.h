// S3IntegrationTest: the gtest fixture of the S3Client integration tests. Each test suite
// reaches the s3_server fixture's radosgw once (S3TestServer::FromEnvironment); each test gets a
// fresh client_ and a default CallContext. Test-only; not thread-safe.
#pragma once

#include <memory>

#include "gtest/gtest.h"
#include "providers/s3/s3_client.h"
#include "tests/integration/s3_test_server.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::s3 {

class S3IntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto server = testutil::S3TestServer::FromEnvironment();
    ASSERT_THAT(server, testutil::IsOk());
    server_ = std::move(server).value().release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    client_ = server_->Client();
  }

  // Owned; set for the duration of one test suite.
  static inline testutil::S3TestServer* server_ = nullptr;
  std::unique_ptr<S3Client> client_;
  CallContext ctx_;
};

}  // namespace osp::providers::s3
