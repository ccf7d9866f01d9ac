#include "server/metrics/counter.h"

#include "server/metrics/text_format.h"

namespace osp::server::metrics {

void Counter::Increment(double amount) {
  if (!(amount > 0)) return;
  double current = value_.load(std::memory_order_relaxed);
  while (!value_.compare_exchange_weak(current, current + amount, std::memory_order_relaxed)) {
  }
}

void Counter::AppendSamples(absl::string_view name, absl::string_view labels,
                            std::string* out) const {
  AppendSampleLine(name, labels, Value(), out);
}

}  // namespace osp::server::metrics
