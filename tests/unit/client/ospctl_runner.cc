#include "tests/unit/client/ospctl_runner.h"

#include <sstream>

#include "client/command_registry.h"
#include "client/commands/all_commands.h"
#include "client/ospctl.h"
#include "gtest/gtest.h"

namespace osp::client::testing {

OspctlResult RunOspctl(const std::vector<std::string>& args, const std::string& stdin_data,
                       const OspctlDefaults& defaults) {
  CommandRegistry registry;
  const absl::Status registered = commands::RegisterAllCommands(registry);
  EXPECT_TRUE(registered.ok()) << registered;
  std::istringstream in(stdin_data);
  std::ostringstream out;
  std::ostringstream err;
  OspctlResult result;
  result.exit_code = Ospctl(registry, defaults, in, out, err).Run(args);
  result.out = out.str();
  result.err = err.str();
  return result;
}

}  // namespace osp::client::testing
