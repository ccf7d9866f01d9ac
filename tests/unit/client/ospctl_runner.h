// RunOspctl: runs an ospctl command line in-process (the real Ospctl with every command
// registered) and captures its exit code, stdout and stderr, for the command tests.
#pragma once

#include <ostream>
#include <streambuf>
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

// Like RunOspctl, with `out` as stdout (the result's `out` stays empty).
OspctlResult RunOspctlTo(std::ostream& out, const std::vector<std::string>& args);

// A stdout that cannot be written, as a full disk or a closed pipe: with `buffered`, writes
// succeed until the flush fails; else every write fails at once.
class FailingStdout final : public std::ostream {
 public:
  explicit FailingStdout(bool buffered);

 private:
  class Buffer final : public std::streambuf {
   public:
    explicit Buffer(bool buffered);

   protected:
    int sync() override { return -1; }
    int_type overflow(int_type) override { return traits_type::eof(); }

   private:
    std::string space_;
  };
  Buffer buffer_;
};

}  // namespace osp::client::testing
