// The global flags of ospctl (connection, backend, deadline, output format), accepted before or
// after the command, and their defaults (which main takes from the environment).
// Thread-safe (pure functions).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/arg_parser.h"
#include "client/channel_factory.h"
#include "client/output_printer.h"
#include "client/parsed_args.h"

namespace osp::client {

inline constexpr char kDefaultTarget[] = "unix:///run/ospd/ospd.sock";
inline constexpr absl::Duration kDefaultTimeout = absl::Seconds(30);

// Defaults of the global flags; main fills them from OSPCTL_TARGET and OSPCTL_BACKEND.
struct OspctlDefaults {
  std::string target = kDefaultTarget;
  // Empty: commands that need a backend fail unless --backend is given.
  std::string backend;
  // Whether stderr is a terminal; progress lines are drawn only then. Default false.
  bool stderr_is_tty = false;
};

struct GlobalOptions {
  ChannelOptions channel;
  std::string backend;
  // Deadline of each RPC; zero means none.
  absl::Duration timeout = kDefaultTimeout;
  // Deadline of each PutObject/GetObject stream, which takes as long as its size needs: none
  // (zero) unless --timeout is given.
  absl::Duration stream_timeout = absl::ZeroDuration();
  OutputFormat output = OutputFormat::kTable;
  // --quiet: no progress lines.
  bool quiet = false;
};

// The global flags, "--help" included.
std::vector<FlagSpec> GlobalFlagSpecs();

// The global options from a line parsed with GlobalFlagSpecs() (among others). Usage errors for
// a bad --timeout or --output.
absl::StatusOr<GlobalOptions> GlobalOptionsFromArgs(const ParsedArgs& args,
                                                    const OspctlDefaults& defaults);

}  // namespace osp::client
