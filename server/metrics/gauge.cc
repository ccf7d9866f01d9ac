#include "server/metrics/gauge.h"

#include "server/metrics/text_format.h"

namespace osp::server::metrics {

void Gauge::Add(double amount) {
  double current = value_.load(std::memory_order_relaxed);
  while (!value_.compare_exchange_weak(current, current + amount, std::memory_order_relaxed)) {
  }
}

void Gauge::AppendSamples(absl::string_view name, absl::string_view labels,
                          std::string* out) const {
  AppendSampleLine(name, labels, Value(), out);
}

}  // namespace osp::server::metrics
