// What one run of the control-plane load driver measured, printed as a table and written as
// JSON (the format the e2e load test and the benchmark script read). A plain value type.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "tests/bench/control_plane/load_client.h"
#include "tests/bench/control_plane/process_probe.h"
#include "tests/bench/control_plane/rpc_stats.h"

namespace osp::bench {

struct LoadReport {
  std::string label;    // free text naming the run (backend type, faults)
  std::string backend;  // backend id
  int clients = 0;
  int rpcs_per_client = 0;
  int rounds = 0;
  RpcStats setup;            // the warm-up EnsureUser calls
  RpcStats load;             // the mixed RPCs
  RpcStats verify;           // the checks after the load
  absl::Duration load_time;  // wall time of the rounds, without the samples in between
  int64_t failures = 0;      // answers that did not match the clients' model
  std::vector<std::string> failure_samples;
  // ospd as /proc shows it, each with a name: start, baseline (after the warm-up), after each
  // round, after (once threads and fds settled, or the settle time ran out).
  std::vector<std::pair<std::string, ProcessSample>> samples;
  absl::Duration settle_time;  // from the end of the verification to the "after" sample
  std::vector<std::string> accounts;
  std::vector<ExpectedBucket> existing;
  std::vector<std::string> deleted;
  int cleanup_failures = 0;

  // True when every call had its expected outcome and every answer matched the model.
  bool ok() const;
  void PrintTable(std::ostream& out) const;
  nlohmann::json ToJson() const;
};

}  // namespace osp::bench
