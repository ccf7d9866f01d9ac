#include "tests/bench/control_plane/ospd_sampler.h"

#include <iostream>

#include "absl/time/clock.h"

namespace osp::bench {

OspdSampler::OspdSampler(pid_t pid, LoadReport& report) : report_(report) {
  if (pid > 0) probe_.emplace(pid);
}

bool OspdSampler::Take(const std::string& name) {
  if (!probe_) return false;
  absl::StatusOr<ProcessSample> sample = probe_->Sample();
  if (!sample.ok()) {
    std::cerr << "control_plane_load: ospd sample " << name << ": " << sample.status() << "\n";
    return false;
  }
  report_.samples.emplace_back(name, *sample);
  return true;
}

void OspdSampler::Settle(int thread_slack, int fd_slack, absl::Duration limit) {
  const absl::Time started = absl::Now();
  std::optional<ProcessSample> baseline;
  for (const auto& [name, sample] : report_.samples) {
    if (name == "baseline") baseline = sample;
  }
  if (!probe_ || !baseline) return;
  for (;;) {
    absl::StatusOr<ProcessSample> sample = probe_->Sample();
    const bool settled = sample.ok() && sample->threads <= baseline->threads + thread_slack &&
                         sample->fds <= baseline->fds + fd_slack;
    if (settled || absl::Now() - started >= limit) break;
    absl::SleepFor(absl::Milliseconds(200));
  }
  report_.settle_time = absl::Now() - started;
  Take("after");
}

}  // namespace osp::bench
