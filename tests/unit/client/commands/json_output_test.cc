// --output json everywhere: every command that prints a result prints exactly one JSON
// document on stdout (cat and get/cp to "-" print the object's data instead).
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "client/command_registry.h"
#include "client/commands/all_commands.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/unit/client/fake_server_test.h"

namespace osp::client::testing {
namespace {

using ::testing::AnyOf;
using ::testing::Eq;

class JsonOutputTest : public FakeServerTest {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/ospctl-json";
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ + "/tree");
    v1::ObjectInfo info;
    info.set_key("k");
    info.set_size(3);
    service_.SetObject(info, "abc", 2);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
};

// Every command of the registry with arguments that the fake server answers.
std::vector<std::vector<std::string>> CommandLines(const std::string& dir) {
  return {
      {"info"},
      {"capabilities"},
      {"check"},
      {"user", "ensure", "--account", "a"},
      {"user", "delete", "--account", "a"},
      {"key", "create", "--account", "a"},
      {"key", "delete", "--account", "a", "--access-key", "AK"},
      {"bucket", "create", "b", "--owner", "a"},
      {"bucket", "get", "b"},
      {"bucket", "list"},
      {"bucket", "update", "b", "--versioning", "enabled"},
      {"bucket", "delete", "b"},
      {"usage"},
      {"ls", "media"},
      {"ls", "s3://media/p/", "--recursive"},
      {"ls", "media", "--versions"},
      {"rm", "media/a"},
      {"rm", "--recursive", "media/p"},
      {"presign", "media/a"},
      {"put", "-", "media/k"},
      {"get", "media/k", dir + "/k"},
      {"cp", "-", "s3://media/k"},
      {"cp", "s3://media/k", dir + "/k2"},
      {"cp", "--recursive", dir + "/tree", "s3://media/p"},
      {"cp", "--recursive", "s3://media/p", dir + "/out"},
  };
}

TEST_F(JsonOutputTest, EveryCommandPrintsOneJsonDocument) {
  std::vector<std::string> covered;
  for (const std::vector<std::string>& line : CommandLines(dir_)) {
    std::vector<std::string> args = line;
    args.insert(args.begin(), {"--output", "json"});
    const OspctlResult result = Run(args, "xyz");
    const std::string shown = absl::StrJoin(line, " ");
    // check exits 9 (FAILED_PRECONDITION) for the fake's empty, not-ok answer, after printing.
    EXPECT_THAT(result.exit_code, AnyOf(Eq(0), Eq(9))) << shown << ": " << result.err;
    google::protobuf::Struct parsed;
    const auto status = google::protobuf::util::JsonStringToMessage(result.out, &parsed);
    EXPECT_TRUE(status.ok()) << shown << " printed: " << result.out;
    covered.push_back(line[0] == "bucket" || line[0] == "user" || line[0] == "key"
                          ? line[0] + " " + line[1]
                          : line[0]);
  }
  // A command added later without a line here fails this test.
  CommandRegistry registry;
  ASSERT_TRUE(commands::RegisterAllCommands(registry).ok());
  for (const CommandSpec& spec : registry.commands()) {
    const std::string name = absl::StrJoin(spec.path, " ");
    if (name == "cat") continue;  // data, not a result
    EXPECT_NE(std::find(covered.begin(), covered.end(), name), covered.end()) << name;
  }
}

}  // namespace
}  // namespace osp::client::testing
