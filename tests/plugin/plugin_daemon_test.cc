// The real ospd with plugins: the example plugin (type "memory") loaded from `plugins:` and its
// backend called through gRPC over the Unix socket; broken plugins refused at start with exit
// code 2 and one line naming the file. Paths come from the build (OSPD_BINARY, *_PLUGIN).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "osp/v1/provider.grpc.pb.h"

extern char** environ;

namespace osp::plugins {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// How long ospd may take to start or stop: a bound on a wait, not a sleep.
constexpr int kTimeoutMs = 30000;

// One ospd process with its stderr (the JSON log) read through a pipe.
class Ospd {
 public:
  ~Ospd() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (err_ >= 0) close(err_);
  }

  bool Start(const std::vector<std::string>& args) {
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    std::vector<std::string> words = {OSPD_BINARY};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    const int rc = posix_spawn(&pid_, OSPD_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    err_ = pipe_fds[0];
    return rc == 0;
  }

  // Reads stderr until a line contains `needle` (true) or it ends / times out (false).
  bool WaitForLine(const std::string& needle) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
    while (true) {
      for (size_t nl; (nl = buffer_.find('\n')) != std::string::npos;) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        lines_.push_back(line);
        if (line.find(needle) != std::string::npos) return true;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          end - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd fd{err_, POLLIN, 0};
      if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) return false;
      char chunk[4096];
      const ssize_t n = read(err_, chunk, sizeof(chunk));
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  // Waits for the exit (after SIGTERM when `terminate`); the exit code, or -1.
  int Wait(bool terminate) {
    if (terminate) kill(pid_, SIGTERM);
    WaitForLine("\n-never-");  // drain stderr until ospd closes it
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string Log() const {
    std::string all;
    for (const std::string& line : lines_) all += line + "\n";
    return all + buffer_;
  }

 private:
  pid_t pid_ = -1;
  int err_ = -1;
  std::string buffer_;
  std::vector<std::string> lines_;
};

class PluginDaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/ospd-plugin-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    std::ofstream(dir_ + "/token") << "plugin-token-value\n";
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }

  // A config loading `plugins` with one memory backend "mem1".
  std::string Config(const std::vector<std::string>& plugins) {
    std::string text = "listen: {unix: " + dir_ + "/ospd.sock}\nplugins: [";
    for (size_t i = 0; i < plugins.size(); ++i) text += (i ? ", " : "") + plugins[i];
    text +=
        "]\nbackends:\n  - id: mem1\n    type: memory\n    settings:\n"
        "      public_url: https://mem.example.com\n      versioning: true\n"
        "      max_buckets: 2\n      token_file: " +
        dir_ + "/token\n";
    const std::string path = dir_ + "/ospd.yaml";
    std::ofstream(path) << text;
    return path;
  }

  std::string dir_;
};

TEST_F(PluginDaemonTest, PluginBackendAnswersThroughGrpc) {
  Ospd ospd;
  ASSERT_TRUE(ospd.Start({"--config", Config({MEMORY_PLUGIN})}));
  ASSERT_TRUE(ospd.WaitForLine("\"msg\":\"serving\"")) << ospd.Log();
  EXPECT_THAT(ospd.Log(), HasSubstr("\"msg\":\"plugin loaded\",\"path\":\"" MEMORY_PLUGIN
                                    "\",\"types\":\"memory\""));
  auto stub = v1::ObjectStoreProvider::NewStub(
      grpc::CreateChannel("unix:" + dir_ + "/ospd.sock", grpc::InsecureChannelCredentials()));

  {
    grpc::ClientContext ctx;
    v1::GetProviderInfoResponse info;
    ASSERT_TRUE(stub->GetProviderInfo(&ctx, {}, &info).ok());
    ASSERT_EQ(info.backends_size(), 1);
    EXPECT_EQ(info.backends(0).id(), "mem1");
    EXPECT_EQ(info.backends(0).type(), "memory");
    EXPECT_EQ(info.backends(0).endpoints(0).url(), "https://mem.example.com");
  }
  {
    grpc::ClientContext ctx;
    v1::GetCapabilitiesRequest request;
    request.set_backend("mem1");
    v1::GetCapabilitiesResponse response;
    ASSERT_TRUE(stub->GetCapabilities(&ctx, request, &response).ok());
    EXPECT_TRUE(response.capabilities().versioning());  // from the settings
    EXPECT_TRUE(response.capabilities().tags());
    EXPECT_FALSE(response.capabilities().object_lock());
  }
  {
    grpc::ClientContext ctx;
    v1::CheckBackendRequest request;
    request.set_backend("mem1");
    v1::CheckBackendResponse response;
    ASSERT_TRUE(stub->CheckBackend(&ctx, request, &response).ok());
    ASSERT_EQ(response.checks_size(), 1);
    EXPECT_EQ(response.checks(0).message(), "token set");  // the secret reached the plugin
  }
  const auto create = [&](const std::string& name, const std::string& owner,
                          v1::CreateBucketResponse* response) {
    grpc::ClientContext ctx;
    v1::CreateBucketRequest request;
    request.set_backend("mem1");
    request.mutable_bucket()->set_name(name);
    request.mutable_bucket()->set_owner(owner);
    request.mutable_bucket()->set_versioning(v1::VERSIONING_STATE_ENABLED);
    return stub->CreateBucket(&ctx, request, response);
  };
  v1::CreateBucketResponse created;
  ASSERT_TRUE(create("photos", "acct-1", &created).ok());
  EXPECT_EQ(created.bucket().public_url(), "https://mem.example.com/photos");
  EXPECT_TRUE(create("photos", "acct-1", &created).ok()) << "same spec: idempotent";
  EXPECT_EQ(create("photos", "acct-2", &created).error_code(), grpc::ALREADY_EXISTS);
  ASSERT_TRUE(create("videos", "acct-1", &created).ok());
  EXPECT_EQ(create("third", "acct-1", &created).error_code(), grpc::RESOURCE_EXHAUSTED);
  {
    grpc::ClientContext ctx;
    v1::ListBucketsRequest request;
    request.set_backend("mem1");
    v1::ListBucketsResponse response;
    ASSERT_TRUE(stub->ListBuckets(&ctx, request, &response).ok());
    std::vector<std::string> names;
    for (const v1::Bucket& bucket : response.buckets()) names.push_back(bucket.spec().name());
    EXPECT_THAT(names, ElementsAre("photos", "videos"));
  }
  {
    grpc::ClientContext ctx;
    v1::EnsureUserRequest request;
    request.set_backend("mem1");
    request.set_account_id("acct-1");
    v1::EnsureUserResponse response;
    EXPECT_EQ(stub->EnsureUser(&ctx, request, &response).error_code(), grpc::UNIMPLEMENTED);
  }

  EXPECT_EQ(ospd.Wait(/*terminate=*/true), 0) << ospd.Log();
  EXPECT_THAT(ospd.Log(), Not(HasSubstr("plugin-token-value")));
}

struct RefusalCase {
  const char* plugin;
  const char* message;
};

void PrintTo(const RefusalCase& c, std::ostream* os) { *os << c.plugin; }

class PluginRefusalTest : public PluginDaemonTest,
                          public ::testing::WithParamInterface<RefusalCase> {};

TEST_P(PluginRefusalTest, ExitsTwoWithOneLineNamingTheFile) {
  Ospd ospd;
  ASSERT_TRUE(ospd.Start({"--check-config", Config({MEMORY_PLUGIN, GetParam().plugin})}));
  EXPECT_EQ(ospd.Wait(/*terminate=*/false), 2);
  const std::string log = ospd.Log();
  EXPECT_THAT(log, HasSubstr(std::string("plugins[1]: ") + GetParam().message)) << log;
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << log;
  EXPECT_THAT(log, Not(HasSubstr("plugin loaded")));
}

INSTANTIATE_TEST_SUITE_P(
    Broken, PluginRefusalTest,
    ::testing::Values(
        RefusalCase{WRONG_ABI_PLUGIN,
                    "'" WRONG_ABI_PLUGIN "' uses plugin ABI 2, this ospd ABI 1: rebuild it"},
        RefusalCase{OTHER_BUILD_PLUGIN,
                    "'" OTHER_BUILD_PLUGIN "' was built with compiler=other;libstdc++=0;"
                    "abseil=other, this ospd with compiler="},
        RefusalCase{NOT_A_PLUGIN, "'" NOT_A_PLUGIN "' is not an ospd plugin (no "
                                  "ospd_plugin_abi_version)"},
        RefusalCase{DUPLICATE_TYPE_PLUGIN,
                    "'" DUPLICATE_TYPE_PLUGIN "' failed to register: ALREADY_EXISTS: provider "
                    "type 'ecs' already registered"},
        RefusalCase{"/nonexistent/libnothing.so", "cannot load '/nonexistent/libnothing.so': "}));

TEST_F(PluginDaemonTest, PluginTypeWithoutItsPluginIsAConfigError) {
  Ospd ospd;
  ASSERT_TRUE(ospd.Start({"--check-config", Config({})}));
  EXPECT_EQ(ospd.Wait(/*terminate=*/false), 2);
  EXPECT_THAT(ospd.Log(), HasSubstr("backends[0].type: no provider registered for 'memory' "
                                    "(registered: ecs, minio)"));
}

TEST_F(PluginDaemonTest, CheckConfigLoadsThePluginAndItsSettings) {
  Ospd ospd;
  std::string config = Config({MEMORY_PLUGIN});
  std::ofstream(config, std::ios::app)
      << "  - {id: mem2, type: memory, settings: {max_buckets: 1}}\n";
  ASSERT_TRUE(ospd.Start({"--check-config", config}));
  EXPECT_EQ(ospd.Wait(/*terminate=*/false), 2);
  EXPECT_THAT(ospd.Log(), HasSubstr("backends[1].settings.public_url: required"));
}

}  // namespace
}  // namespace osp::plugins
