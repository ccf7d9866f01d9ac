#include "client/ospctl.h"

#include <unistd.h>

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/client/fake_server_test.h"

namespace osp::client::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

TEST(OspctlTest, NoArgumentsPrintsHelpOnStderrAndExitsUsage) {
  const OspctlResult result = RunOspctl({});
  EXPECT_EQ(result.exit_code, 64);
  EXPECT_THAT(result.out, IsEmpty());
  EXPECT_THAT(result.err, HasSubstr("Usage: ospctl"));
}

TEST(OspctlTest, GlobalHelpListsCommandsFlagsAndExitCodes) {
  const OspctlResult result = RunOspctl({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, AllOf(HasSubstr("bucket create NAME"), HasSubstr("info"),
                                HasSubstr("--target TARGET"), HasSubstr("OSPCTL_TARGET"),
                                HasSubstr("OSPCTL_BACKEND"), HasSubstr("64"), HasSubstr("EX_USAGE"),
                                HasSubstr("CODE: message")));
}

TEST(OspctlTest, GroupHelpListsSubcommands) {
  const OspctlResult result = RunOspctl({"bucket", "-h"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, AllOf(HasSubstr("bucket create NAME"), HasSubstr("bucket list")));
}

TEST(OspctlTest, CommandHelpNeedsNoArgumentsAndWorksAfterGlobalFlags) {
  const OspctlResult result = RunOspctl({"--backend", "b1", "bucket", "create", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, AllOf(HasSubstr("Usage: ospctl bucket create NAME [flags]"),
                                HasSubstr("--owner ACCOUNT"), HasSubstr("(required)")));
}

TEST(OspctlTest, UsageErrorsExit64WithAHint) {
  const std::vector<std::vector<std::string>> cases = {
      {"frobnicate"},
      {"bucket"},
      {"bucket", "frob"},
      {"--owner", "a", "bucket", "list", "--backend", "b1"},
      {"bucket", "get", "--backend", "b1"},
      {"bucket", "get", "a", "b", "--backend", "b1"},
      {"bucket", "get", "a"},
      {"bucket", "get", "a", "--backend", "b1", "--output", "yaml"},
      {"bucket", "get", "a", "--backend", "b1", "--timeout", "soon"},
      {"bucket", "get", "a", "--backend", "b1", "--cert-file", "c.pem"},
      {"bucket", "get", "a", "--backend", "b1", "--target", ""},
      {"info", "--nope"},
  };
  for (const auto& args : cases) {
    const OspctlResult result = RunOspctl(args);
    EXPECT_EQ(result.exit_code, 64) << args[0] << ": " << result.err;
    EXPECT_THAT(result.err, AllOf(StartsWith("ospctl: "), HasSubstr("--help' for usage")));
  }
}

TEST(OspctlTest, MissingBackendNamesTheEnvironmentVariable) {
  const OspctlResult result = RunOspctl({"bucket", "get", "a"});
  EXPECT_EQ(result.exit_code, 64);
  EXPECT_THAT(result.err, HasSubstr("OSPCTL_BACKEND"));
}

TEST(OspctlTest, UnreachableTargetIsUnavailableAndNamed) {
  const std::string socket = ::testing::TempDir() + "/no-such-ospd.sock";
  const OspctlResult result = RunOspctl({"--target", "unix://" + socket, "info"});
  EXPECT_EQ(result.exit_code, 14);
  EXPECT_THAT(result.err,
              AllOf(StartsWith("UNAVAILABLE: cannot reach ospd at unix://"), HasSubstr(socket)));
}

TEST(OspctlTest, ConnectsOverAUnixSocket) {
  FakeProviderService service;
  const std::string socket =
      ::testing::TempDir() + "/ospctl-test-" + std::to_string(getpid()) + ".sock";
  FakeProviderServer server(service, socket);
  v1::GetProviderInfoResponse info;
  info.set_name("ospd");
  service.Respond("GetProviderInfo", info);
  const OspctlResult result = RunOspctl({"info", "--target", server.target()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("ospd"));
}

class OspctlServerTest : public FakeServerTest {};

TEST_F(OspctlServerTest, GlobalFlagsMayFollowTheCommand) {
  const OspctlResult result =
      RunOspctl({"bucket", "get", "b", "--target", server_.target(), "--backend", "b7"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const auto requests = service_.Requests<v1::GetBucketRequest>("GetBucket");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].backend(), "b7");
  EXPECT_EQ(requests[0].name(), "b");
}

TEST_F(OspctlServerTest, EveryCallHasADeadlineUnlessTimeoutIsZero) {
  ASSERT_EQ(Run({"info"}).exit_code, 0);
  ASSERT_EQ(Run({"info", "--timeout", "2m"}).exit_code, 0);
  ASSERT_EQ(Run({"info", "--timeout", "0"}).exit_code, 0);
  EXPECT_THAT(service_.deadlines("GetProviderInfo"), ElementsAre(true, true, false));
}

TEST_F(OspctlServerTest, AStdoutThatCannotBeWrittenIsDataLoss) {
  for (const bool buffered : {true, false}) {
    FailingStdout out(buffered);
    const OspctlResult result = RunTo(out, {"info"});
    EXPECT_EQ(result.exit_code, 15) << buffered;
    EXPECT_EQ(result.err, "DATA_LOSS: cannot write to standard output\n");
    FailingStdout help_out(buffered);
    EXPECT_EQ(RunOspctlTo(help_out, {"--help"}).exit_code, 15) << buffered;
  }
}

TEST_F(OspctlServerTest, TransferStreamsHaveNoDeadlineUnlessTimeoutIsGiven) {
  v1::ObjectInfo info;
  info.set_key("k");
  info.set_size(4);
  for (const std::vector<std::string>& timeout :
       {std::vector<std::string>{}, {"--timeout", "2m"}}) {
    std::vector<std::string> get = {"get", "media/k", "-"};
    std::vector<std::string> put = {"put", "-", "media/k"};
    get.insert(get.end(), timeout.begin(), timeout.end());
    put.insert(put.end(), timeout.begin(), timeout.end());
    service_.SetObject(info, "data", 3);
    ASSERT_EQ(Run(get).exit_code, 0);
    ASSERT_EQ(Run(put, "data").exit_code, 0);
  }
  EXPECT_THAT(service_.deadlines("GetObject"), ElementsAre(false, true));
  EXPECT_THAT(service_.deadlines("PutObject"), ElementsAre(false, true));
}

TEST_F(OspctlServerTest, ServerErrorPrintsCodeAndMessageAndExitsWithTheCode) {
  service_.Fail("GetBucket",
                grpc::Status(grpc::StatusCode::NOT_FOUND, "backend 'b1' has no bucket 'x'"));
  const OspctlResult result = Run({"bucket", "get", "x"});
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_EQ(result.err, "NOT_FOUND: backend 'b1' has no bucket 'x'\n");
  EXPECT_THAT(result.out, IsEmpty());
}

TEST_F(OspctlServerTest, ServerInvalidArgumentExits3NotUsage) {
  service_.Fail("GetBucket", grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad name"));
  const OspctlResult result = Run({"bucket", "get", "X"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.err, "INVALID_ARGUMENT: bad name\n");
}

}  // namespace
}  // namespace osp::client::testing
