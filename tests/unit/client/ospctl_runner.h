// RunOspctl: runs an ospctl command line in-process (the real Ospctl with every command
// registered) and captures its exit code, stdout and stderr, for the command tests.
#pragma once

#include <string>
#include <vector>

namespace osp::client::testing {

struct OspctlResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `args` (without "ospctl") with `stdin_data` on stdin and no environment defaults
// other than the built-in target.
OspctlResult RunOspctl(const std::vector<std::string>& args, const std::string& stdin_data = "");

}  // namespace osp::client::testing
