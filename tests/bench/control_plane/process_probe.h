// Reads what a running process (ospd) holds from /proc: resident memory, its peak, threads and
// open file descriptors. Linux only. Thread-safe (no state besides the pid).
#pragma once

#include <sys/types.h>

#include <cstdint>

#include "absl/status/statusor.h"

namespace osp::bench {

struct ProcessSample {
  int64_t rss_kib = 0;  // VmRSS
  int64_t hwm_kib = 0;  // VmHWM: peak resident set since the process started
  int64_t threads = 0;  // entries of /proc/PID/task
  int64_t fds = 0;      // entries of /proc/PID/fd
};

class ProcessProbe final {
 public:
  explicit ProcessProbe(pid_t pid) : pid_(pid) {}

  // The current sample; NOT_FOUND when the process is gone, PERMISSION_DENIED when /proc/PID/fd
  // cannot be read (another user's process), INTERNAL when /proc/PID/status lacks VmRSS/VmHWM.
  absl::StatusOr<ProcessSample> Sample() const;

 private:
  pid_t pid_;
};

}  // namespace osp::bench
