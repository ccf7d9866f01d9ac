// Gauge: a Prometheus gauge, a value that goes up and down (streams in flight) or is set (build
// info). One per label set, owned by its MetricFamily. Thread-safe and lock-free.
#pragma once

#include <atomic>
#include <string>

#include "absl/strings/string_view.h"

namespace osp::server::metrics {

class Gauge final {
 public:
  // The TYPE of a family of gauges.
  static constexpr char kType[] = "gauge";

  Gauge() = default;
  Gauge(const Gauge&) = delete;
  Gauge& operator=(const Gauge&) = delete;

  // Adds `amount` (negative to subtract).
  void Add(double amount);
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

  // Appends `name{labels} value`.
  void AppendSamples(absl::string_view name, absl::string_view labels, std::string* out) const;

 private:
  std::atomic<double> value_{0};
};

}  // namespace osp::server::metrics
