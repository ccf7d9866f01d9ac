// MetricRegistry: owns every metric family of the process and renders them all as one Prometheus
// text exposition (version 0.0.4) for /metrics. Families are added at start-up and live as long
// as the registry. Thread-safe: Add* and Render may be called from any thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/metrics/counter.h"
#include "server/metrics/gauge.h"
#include "server/metrics/histogram.h"
#include "server/metrics/metric_family.h"
#include "server/metrics/renderable_family.h"

namespace osp::server::metrics {

class MetricRegistry final {
 public:
  MetricRegistry() = default;
  MetricRegistry(const MetricRegistry&) = delete;
  MetricRegistry& operator=(const MetricRegistry&) = delete;

  // Adds a family; the pointer lives as long as the registry. Errors, with nothing added:
  //   INVALID_ARGUMENT "metric name 'x-y': must match [a-zA-Z_:][a-zA-Z0-9_:]*",
  //     "x: label name '__a': ...", "x: label 'a' given twice";
  //   ALREADY_EXISTS "metric 'x' already registered".
  absl::StatusOr<MetricFamily<Counter>*> AddCounter(const std::string& name,
                                                    const std::string& help,
                                                    std::vector<std::string> label_names);
  absl::StatusOr<MetricFamily<Gauge>*> AddGauge(const std::string& name, const std::string& help,
                                                std::vector<std::string> label_names);
  // As above; also INVALID_ARGUMENT when `bounds` is empty, not strictly increasing or not
  // finite (+Inf is always added), or when a label is named "le".
  absl::StatusOr<MetricFamily<Histogram>*> AddHistogram(const std::string& name,
                                                        const std::string& help,
                                                        std::vector<std::string> label_names,
                                                        std::vector<double> bounds);

  // Every family in the order added, as Prometheus text (Content-Type kTextContentType).
  std::string Render() const;

 private:
  // Checks the names against each other and the registry; the caller holds mu_.
  absl::Status CheckNew(const std::string& name, const std::vector<std::string>& label_names) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<RenderableFamily>> families_ ABSL_GUARDED_BY(mu_);
};

}  // namespace osp::server::metrics
