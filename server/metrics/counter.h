// Counter: a Prometheus counter, a value that only goes up (requests served, bytes moved).
// One per label set, owned by its MetricFamily. Thread-safe and lock-free.
#pragma once

#include <atomic>
#include <string>

#include "absl/strings/string_view.h"

namespace osp::server::metrics {

class Counter final {
 public:
  // The TYPE of a family of counters.
  static constexpr char kType[] = "counter";

  Counter() = default;
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  // Adds `amount`. A negative or NaN amount is ignored: a counter never goes down.
  void Increment(double amount = 1);
  double Value() const { return value_.load(std::memory_order_relaxed); }

  // Appends `name{labels} value`.
  void AppendSamples(absl::string_view name, absl::string_view labels, std::string* out) const;

 private:
  std::atomic<double> value_{0};
};

}  // namespace osp::server::metrics
