// MetricFamily: the metrics of one name and type (Counter, Gauge or Histogram), one per set of
// label values, created at zero on first use. Made by MetricRegistry, which checks the names.
// Thread-safe: With() and Render() may run concurrently; the metrics With() returns are
// thread-safe themselves and live as long as the family.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "server/metrics/renderable_family.h"
#include "server/metrics/text_format.h"

namespace osp::server::metrics {

template <typename Metric>
class MetricFamily final : public RenderableFamily {
 public:
  // Makes the metric of a new label set.
  using Factory = std::function<std::unique_ptr<Metric>()>;

  MetricFamily(std::string name, std::string help, std::vector<std::string> label_names,
               Factory make)
      : name_(std::move(name)),
        help_(std::move(help)),
        label_names_(std::move(label_names)),
        make_(std::move(make)) {}
  MetricFamily(const MetricFamily&) = delete;
  MetricFamily& operator=(const MetricFamily&) = delete;

  // The metric for `values`, given in the order of the family's label names. Values missing at
  // the end are empty and extra ones are dropped, so a caller's mistake never costs a scrape.
  // Label values are free text (escaped when rendered) but must come from a bounded set: every
  // distinct set is kept until the process exits.
  Metric* With(std::vector<std::string> values) {
    values.resize(label_names_.size());
    absl::MutexLock lock(&mu_);
    std::unique_ptr<Metric>& metric = metrics_[std::move(values)];
    if (metric == nullptr) metric = make_();
    return metric.get();
  }

  const std::string& name() const override { return name_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

  void Render(std::string* out) const override {
    absl::StrAppend(out, "# HELP ", name_, " ", EscapeHelp(help_), "\n# TYPE ", name_, " ",
                    Metric::kType, "\n");
    absl::MutexLock lock(&mu_);
    for (const auto& [values, metric] : metrics_) {
      metric->AppendSamples(name_, FormatLabels(label_names_, values), out);
    }
  }

 private:
  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  const Factory make_;
  mutable absl::Mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> metrics_ ABSL_GUARDED_BY(mu_);
};

}  // namespace osp::server::metrics
