// RunOspctl: runs an ospctl command line in-process (the real Ospctl with every command
// registered) and captures its exit code, stdout and stderr, for the command tests.
#pragma once

#include <string>
#include <vector>

#include "client/global_options.h"

namespace osp::client::testing {

struct OspctlResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `args` (without "ospctl") with `stdin_data` on stdin and `defaults` (by default none
// from the environment, the built-in target, stderr not a terminal).
OspctlResult RunOspctl(const std::vector<std::string>& args, const std::string& stdin_data = "",
                       const OspctlDefaults& defaults = OspctlDefaults());

}  // namespace osp::client::testing
