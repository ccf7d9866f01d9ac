#include "tests/unit/client/ospctl_runner.h"

#include <sstream>

#include "client/command_registry.h"
#include "client/commands/all_commands.h"
#include "client/ospctl.h"
#include "gtest/gtest.h"

namespace osp::client::testing {

namespace {

OspctlResult Run(const std::vector<std::string>& args, const std::string& stdin_data,
                 const OspctlDefaults& defaults, std::ostream& out) {
  CommandRegistry registry;
  const absl::Status registered = commands::RegisterAllCommands(registry);
  EXPECT_TRUE(registered.ok()) << registered;
  std::istringstream in(stdin_data);
  std::ostringstream err;
  OspctlResult result;
  result.exit_code = Ospctl(registry, defaults, in, out, err).Run(args);
  result.err = err.str();
  return result;
}

}  // namespace

OspctlResult RunOspctl(const std::vector<std::string>& args, const std::string& stdin_data,
                       const OspctlDefaults& defaults) {
  std::ostringstream out;
  OspctlResult result = Run(args, stdin_data, defaults, out);
  result.out = out.str();
  return result;
}

OspctlResult RunOspctlTo(std::ostream& out, const std::vector<std::string>& args) {
  return Run(args, "", OspctlDefaults(), out);
}

FailingStdout::Buffer::Buffer(bool buffered) : space_(buffered ? 1 << 20 : 0, '\0') {
  setp(space_.data(), space_.data() + space_.size());
}

FailingStdout::FailingStdout(bool buffered) : std::ostream(nullptr), buffer_(buffered) {
  rdbuf(&buffer_);
}

}  // namespace osp::client::testing
