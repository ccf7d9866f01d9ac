// Histogram: a Prometheus histogram of observed values (latencies in seconds) over fixed bucket
// upper bounds, with their sum and count. One per label set, owned by its MetricFamily.
// Thread-safe: one small mutex per histogram keeps every rendered snapshot consistent (the +Inf
// bucket always equals _count).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace osp::server::metrics {

class Histogram final {
 public:
  // The TYPE of a family of histograms.
  static constexpr char kType[] = "histogram";

  struct Snapshot {
    // Cumulative count per bound of bounds(), then one for +Inf (== count).
    std::vector<uint64_t> cumulative;
    double sum = 0;
    uint64_t count = 0;
  };

  // `bounds`: finite upper bounds in strictly increasing order (MetricRegistry checks them).
  explicit Histogram(std::vector<double> bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  // Counts `value` in the first bucket whose bound is >= value (+Inf if none). NaN is ignored.
  void Observe(double value);
  Snapshot Read() const;
  const std::vector<double>& bounds() const { return bounds_; }

  // Appends the name_bucket{labels,le="..."} lines, name_sum and name_count.
  void AppendSamples(absl::string_view name, absl::string_view labels, std::string* out) const;

 private:
  const std::vector<double> bounds_;
  mutable absl::Mutex mu_;
  // Non-cumulative: counts_[i] is the number of values in (bounds_[i-1], bounds_[i]]; the last
  // entry is for +Inf.
  std::vector<uint64_t> counts_ ABSL_GUARDED_BY(mu_);
  double sum_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace osp::server::metrics
