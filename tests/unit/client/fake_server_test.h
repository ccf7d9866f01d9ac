// FakeServerTest: a gtest fixture that runs a FakeProviderService on 127.0.0.1:0 and runs
// ospctl command lines against it with --target and --backend b1 filled in.
#pragma once

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/unit/client/fake_provider_service.h"
#include "tests/unit/client/ospctl_runner.h"

namespace osp::client::testing {

class FakeServerTest : public ::testing::Test {
 protected:
  // Runs `args` after "--target <fake> --backend b1".
  OspctlResult Run(std::vector<std::string> args, const std::string& stdin_data = "") {
    args.insert(args.begin(), {"--target", server_.target(), "--backend", "b1"});
    return RunOspctl(args, stdin_data);
  }
  // Like Run, with `out` as stdout.
  OspctlResult RunTo(std::ostream& out, std::vector<std::string> args) {
    args.insert(args.begin(), {"--target", server_.target(), "--backend", "b1"});
    return RunOspctlTo(out, args);
  }
  // Like Run, as if stderr were a terminal (progress lines on).
  OspctlResult RunOnTty(std::vector<std::string> args, const std::string& stdin_data = "") {
    args.insert(args.begin(), {"--target", server_.target(), "--backend", "b1"});
    OspctlDefaults defaults;
    defaults.stderr_is_tty = true;
    return RunOspctl(args, stdin_data, defaults);
  }

  FakeProviderService service_;
  FakeProviderServer server_{service_};
};

}  // namespace osp::client::testing
