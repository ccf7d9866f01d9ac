// Many client threads calling one ObjectStoreService at once, through a real in-process gRPC
// server, the daemon's JsonLogger and metrics, and the thread-safe in-memory provider of the
// example plugin. Run under ThreadSanitizer by scripts/test.sh (build-tsan) and with the other
// unit tests everywhere else: the end state must be what the calls add up to.
#include <grpcpp/grpcpp.h>

#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "osp/v1/provider.grpc.pb.h"
#include "providers/base/clock.h"
#include "server/backend_set.h"
#include "server/json_logger.h"
#include "server/metrics/daemon_metrics.h"
#include "server/metrics/metric_registry.h"
#include "server/object_store_service.h"
#include "tests/plugin/memory_provider.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {
namespace {

constexpr int kThreads = 8;
constexpr int kRounds = 30;
constexpr char kBackend[] = "mem1";
constexpr char kShared[] = "shared-bucket";

std::string Owner(int thread) { return absl::StrCat("acct-", thread % 2); }
std::string BucketName(int thread, int round) { return absl::StrCat("b-", thread, "-", round); }

class ObjectStoreServiceConcurrencyTest : public testing::Test {
 protected:
  void SetUp() override {
    providers::BackendSettings settings;
    settings.id = kBackend;
    settings.type = "memory";
    settings.values["public_url"] = "https://mem.example";
    auto provider = plugins::memory::MemoryProvider::Create(settings, {});
    ASSERT_THAT(provider, testutil::IsOk());
    ASSERT_THAT(backends_.Add({kBackend, "memory", *std::move(provider)}), testutil::IsOk());
    auto metrics = metrics::DaemonMetrics::Create(&registry_, "1.2.3");
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

  grpc::Status CreateBucket(const std::string& name, const std::string& owner) {
    v1::CreateBucketRequest request;
    request.set_backend(kBackend);
    request.mutable_bucket()->set_name(name);
    request.mutable_bucket()->set_owner(owner);
    v1::CreateBucketResponse response;
    grpc::ClientContext ctx;
    return stub_->CreateBucket(&ctx, request, &response);
  }

  // Runs one thread's calls; returns how many answered as expected.
  int RunClient(int thread) {
    int good = 0;
    for (int round = 0; round < kRounds; ++round) {
      const std::string name = BucketName(thread, round);
      good += CreateBucket(name, Owner(thread)).ok();
      // Every thread creates the same bucket with the same spec: idempotent, always OK.
      good += CreateBucket(kShared, "acct-0").ok();

      v1::GetBucketRequest get;
      get.set_backend(kBackend);
      get.set_name(name);
      v1::GetBucketResponse got;
      grpc::ClientContext get_ctx;
      good += stub_->GetBucket(&get_ctx, get, &got).ok() && got.bucket().spec().name() == name;

      v1::ListBucketsRequest list;
      list.set_backend(kBackend);
      list.set_owner(Owner(thread));
      v1::ListBucketsResponse listed;
      grpc::ClientContext list_ctx;
      good += stub_->ListBuckets(&list_ctx, list, &listed).ok();

      // An RPC the backend does not implement: the error path logs and counts too.
      v1::EnsureUserRequest user;
      user.set_backend(kBackend);
      user.set_account_id(absl::StrCat("acct-", thread));
      v1::EnsureUserResponse user_response;
      grpc::ClientContext user_ctx;
      good += stub_->EnsureUser(&user_ctx, user, &user_response).error_code() ==
              grpc::StatusCode::UNIMPLEMENTED;

      v1::GetProviderInfoRequest info;
      v1::GetProviderInfoResponse info_response;
      grpc::ClientContext info_ctx;
      good += stub_->GetProviderInfo(&info_ctx, info, &info_response).ok();

      if (round % 2 == 1) {
        v1::DeleteBucketRequest del;
        del.set_backend(kBackend);
        del.set_name(name);
        v1::DeleteBucketResponse deleted;
        grpc::ClientContext del_ctx;
        good += stub_->DeleteBucket(&del_ctx, del, &deleted).ok();
      }
    }
    return good;
  }

  // Names of every bucket of `owner` (one page holds them all).
  std::set<std::string> BucketsOf(const std::string& owner) {
    v1::ListBucketsRequest list;
    list.set_backend(kBackend);
    list.set_owner(owner);
    list.set_page_size(1000);
    v1::ListBucketsResponse listed;
    grpc::ClientContext ctx;
    EXPECT_TRUE(stub_->ListBuckets(&ctx, list, &listed).ok());
    std::set<std::string> names;
    for (const auto& bucket : listed.buckets()) names.insert(bucket.spec().name());
    return names;
  }

  std::ostringstream log_;
  providers::base::RealClock clock_;
  JsonLogger logger_{&log_, &clock_, providers::base::LogLevel::kDebug};
  metrics::MetricRegistry registry_;
  std::unique_ptr<metrics::DaemonMetrics> metrics_;
  BackendSet backends_;
  std::unique_ptr<ObjectStoreService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::ObjectStoreProvider::Stub> stub_;
};

TEST_F(ObjectStoreServiceConcurrencyTest, ManyClientsAddUpToTheExpectedState) {
  std::vector<int> good(kThreads, 0);
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([this, t, &good] { good[t] = RunClient(t); });
  }
  for (std::thread& client : clients) client.join();

  // Six calls per round, a seventh (the delete) every other round.
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(good[t], kRounds * 6 + kRounds / 2) << t;
  for (int owner = 0; owner < 2; ++owner) {
    std::set<std::string> expected;
    for (int t = owner; t < kThreads; t += 2) {
      for (int round = 0; round < kRounds; round += 2) expected.insert(BucketName(t, round));
    }
    if (owner == 0) expected.insert(kShared);
    EXPECT_EQ(BucketsOf(absl::StrCat("acct-", owner)), expected);
  }
  // Log lines were written whole, one JSON object each, never interleaved.
  for (absl::string_view line : absl::StrSplit(log_.str(), '\n', absl::SkipEmpty())) {
    ASSERT_TRUE(absl::StartsWith(line, "{") && absl::EndsWith(line, "}")) << line;
  }
}

}  // namespace
}  // namespace osp::server
