// Ospctl: runs one ospctl command line: finds the command among the registered ones, parses
// global and command flags (in any order), prints help, connects to ospd, runs the command and
// turns its status into "CODE: message" on stderr and the exit code (exit_code.h). main and the
// in-process tests call it alike. Thread-compatible; one Run at a time.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client/command_registry.h"
#include "client/global_options.h"
#include "providers/base/clock.h"

namespace osp::client {

class Ospctl final {
 public:
  // `registry` must outlive this object. `in`/`out`/`err` stand for stdin/stdout/stderr.
  Ospctl(const CommandRegistry& registry, OspctlDefaults defaults, std::istream& in,
         std::ostream& out, std::ostream& err);
  Ospctl(const Ospctl&) = delete;
  Ospctl& operator=(const Ospctl&) = delete;

  // Runs `args` (argv without the program name) and returns the process exit code: 0, the
  // numeric gRPC code of a failed call, or 64 for a usage error. Help goes to `out` (exit 0).
  int Run(const std::vector<std::string>& args);

 private:
  // Help or the command's result; `usage_hint` is set to the help command for usage errors.
  absl::Status Dispatch(const std::vector<std::string>& args, std::string* usage_hint);

  const CommandRegistry& registry_;
  const OspctlDefaults defaults_;
  std::istream& in_;
  std::ostream& out_;
  std::ostream& err_;
  // Times the progress lines.
  providers::base::RealClock clock_;
};

}  // namespace osp::client
