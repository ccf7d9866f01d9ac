#include "client/command_registry.h"

#include "client/commands/all_commands.h"
#include "client/global_options.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::client {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;

CommandSpec Spec(std::vector<std::string> path) {
  CommandSpec spec;
  spec.path = std::move(path);
  spec.run = [](const ParsedArgs&, CommandContext&) { return absl::OkStatus(); };
  return spec;
}

TEST(CommandRegistryTest, FindsCommandsAndGroups) {
  CommandRegistry registry;
  ASSERT_THAT(registry.Add(Spec({"info"})), IsOk());
  ASSERT_THAT(registry.Add(Spec({"bucket", "get"})), IsOk());
  ASSERT_THAT(registry.Add(Spec({"bucket", "list"})), IsOk());
  EXPECT_NE(registry.Find({"info"}), nullptr);
  EXPECT_NE(registry.Find({"bucket", "list"}), nullptr);
  EXPECT_EQ(registry.Find({"bucket"}), nullptr);
  EXPECT_TRUE(registry.IsGroup("bucket"));
  EXPECT_FALSE(registry.IsGroup("info"));
  ASSERT_EQ(registry.Group("bucket").size(), 2u);
  EXPECT_EQ(registry.Group("bucket")[1]->path[1], "list");
}

TEST(CommandRegistryTest, RejectsBadRegistrations) {
  CommandRegistry registry;
  ASSERT_THAT(registry.Add(Spec({"bucket", "get"})), IsOk());
  ASSERT_THAT(registry.Add(Spec({"info"})), IsOk());
  EXPECT_THAT(registry.Add(Spec({"bucket", "get"})), StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(registry.Add(Spec({"bucket"})), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(registry.Add(Spec({"info", "more"})), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(registry.Add(Spec({})), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(registry.Add(Spec({"a", "b", "c"})), StatusIs(absl::StatusCode::kInvalidArgument));
  CommandSpec no_handler = Spec({"x"});
  no_handler.run = nullptr;
  EXPECT_THAT(registry.Add(no_handler), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(CommandRegistryTest, AllCommandsRegisterWithoutClashingGlobalFlags) {
  CommandRegistry registry;
  ASSERT_THAT(commands::RegisterAllCommands(registry), IsOk());
  const ArgParser global(GlobalFlagSpecs());
  for (const CommandSpec& spec : registry.commands()) {
    EXPECT_FALSE(spec.summary.empty()) << spec.path[0];
    EXPECT_FALSE(spec.section.empty()) << spec.path[0];
    for (const FlagSpec& flag : spec.flags) {
      EXPECT_EQ(global.Find(flag.name), nullptr) << "--" << flag.name;
    }
  }
}

}  // namespace
}  // namespace osp::client
