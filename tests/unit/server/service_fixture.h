// ServiceFixture: an ObjectStoreService on an in-process gRPC server (no sockets) with one
// StrictMock backend "ecs1", a stub talking to it and a RecordingLogger (debug level unless the
// subclass asks for another). Shared by the service tests.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "osp/v1/provider.grpc.pb.h"
#include "server/backend_set.h"
#include "server/metrics/daemon_metrics.h"
#include "server/metrics/metric_registry.h"
#include "server/object_store_service.h"
#include "tests/testutil/mock_provider.h"
#include "tests/testutil/recording_logger.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {

class ServiceFixture : public testing::Test {
 protected:
  explicit ServiceFixture(providers::base::LogLevel level = providers::base::LogLevel::kDebug)
      : logger_(level) {}

  void SetUp() override {
    auto provider = std::make_unique<testing::StrictMock<testutil::MockProvider>>();
    provider_ = provider.get();
    ASSERT_THAT(backends_.Add({"ecs1", "ecs", std::move(provider)}), testutil::IsOk());
    auto metrics = metrics::DaemonMetrics::Create(&metric_registry_, "1.2.3");
    ASSERT_THAT(metrics, testutil::IsOk());
    metrics_ = *std::move(metrics);
    service_ = std::make_unique<ObjectStoreService>(&backends_, &logger_, metrics_.get(), "1.2.3");
    grpc::ServerBuilder builder;
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::ObjectStoreProvider::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }

  void TearDown() override { server_->Shutdown(); }

  // The log lines of RPC `rpc`.
  std::vector<testutil::LogLine> LinesOf(const std::string& rpc) const {
    std::vector<testutil::LogLine> lines;
    for (const testutil::LogLine& line : logger_.lines()) {
      if (line.Field("rpc") == rpc) lines.push_back(line);
    }
    return lines;
  }

  testutil::RecordingLogger logger_;
  metrics::MetricRegistry metric_registry_;
  std::unique_ptr<metrics::DaemonMetrics> metrics_;
  BackendSet backends_;
  testing::StrictMock<testutil::MockProvider>* provider_ = nullptr;
  std::unique_ptr<ObjectStoreService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::ObjectStoreProvider::Stub> stub_;
};

}  // namespace osp::server
