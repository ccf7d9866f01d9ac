// Adds named samples of ospd's RSS, peak RSS, threads and fds (ProcessProbe) to a LoadReport,
// and waits, bounded, for threads and fds to come back down after the load. Without a pid it
// does nothing. Not thread-safe: used from the driver's main thread between phases.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "tests/bench/control_plane/load_report.h"
#include "tests/bench/control_plane/process_probe.h"

namespace osp::bench {

class OspdSampler final {
 public:
  // `pid` 0: no samples. `report` must outlive the sampler.
  OspdSampler(pid_t pid, LoadReport& report);

  // Adds a sample named `name`; false when there is no pid or /proc could not be read (the
  // reason goes to stderr).
  bool Take(const std::string& name);

  // Polls until ospd's threads and fds are at most `thread_slack`/`fd_slack` above the sample
  // named "baseline", or `limit` passed, then takes the "after" sample and sets the report's
  // settle_time. A bounded poll, not synchronisation: idle gRPC workers and pooled backend
  // connections leave on their own schedule.
  void Settle(int thread_slack, int fd_slack, absl::Duration limit);

 private:
  LoadReport& report_;
  std::optional<ProcessProbe> probe_;
};

}  // namespace osp::bench
