// RenderableFamily: what MetricRegistry needs of a metric family of any type: its name, and its
// HELP, TYPE and sample lines in the Prometheus text format. Implementations are thread-safe.
#pragma once

#include <string>

namespace osp::server::metrics {

class RenderableFamily {
 public:
  virtual ~RenderableFamily() = default;
  virtual const std::string& name() const = 0;
  // Appends "# HELP", "# TYPE" and one block of samples per label set, label sets in sorted
  // order.
  virtual void Render(std::string* out) const = 0;
};

}  // namespace osp::server::metrics
