#include "server/metrics/metric_registry.h"

#include <cmath>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/metrics/text_format.h"

namespace osp::server::metrics {

absl::Status MetricRegistry::CheckNew(const std::string& name,
                                      const std::vector<std::string>& label_names) const {
  if (!IsValidMetricName(name)) {
    return absl::InvalidArgumentError(
        absl::StrCat("metric name '", name, "': must match [a-zA-Z_:][a-zA-Z0-9_:]*"));
  }
  std::set<std::string> seen;
  for (const std::string& label : label_names) {
    if (!IsValidLabelName(label)) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, ": label name '", label, "': must match [a-zA-Z_][a-zA-Z0-9_]*, not __*"));
    }
    if (!seen.insert(label).second) {
      return absl::InvalidArgumentError(absl::StrCat(name, ": label '", label, "' given twice"));
    }
  }
  for (const std::unique_ptr<RenderableFamily>& family : families_) {
    if (family->name() == name) {
      return absl::AlreadyExistsError(absl::StrCat("metric '", name, "' already registered"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<MetricFamily<Counter>*> MetricRegistry::AddCounter(
    const std::string& name, const std::string& help, std::vector<std::string> label_names) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = CheckNew(name, label_names); !s.ok()) return s;
  auto family = std::make_unique<MetricFamily<Counter>>(name, help, std::move(label_names),
                                                        [] { return std::make_unique<Counter>(); });
  MetricFamily<Counter>* result = family.get();
  families_.push_back(std::move(family));
  return result;
}

absl::StatusOr<MetricFamily<Gauge>*> MetricRegistry::AddGauge(
    const std::string& name, const std::string& help, std::vector<std::string> label_names) {
  absl::MutexLock lock(&mu_);
  if (absl::Status s = CheckNew(name, label_names); !s.ok()) return s;
  auto family = std::make_unique<MetricFamily<Gauge>>(name, help, std::move(label_names),
                                                      [] { return std::make_unique<Gauge>(); });
  MetricFamily<Gauge>* result = family.get();
  families_.push_back(std::move(family));
  return result;
}

absl::StatusOr<MetricFamily<Histogram>*> MetricRegistry::AddHistogram(
    const std::string& name, const std::string& help, std::vector<std::string> label_names,
    std::vector<double> bounds) {
  if (bounds.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": at least one bucket is required"));
  }
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": bucket bounds must be finite and strictly increasing"));
    }
  }
  for (const std::string& label : label_names) {
    if (label == "le") {
      return absl::InvalidArgumentError(absl::StrCat(name, ": label 'le' is reserved"));
    }
  }
  absl::MutexLock lock(&mu_);
  if (absl::Status s = CheckNew(name, label_names); !s.ok()) return s;
  auto family = std::make_unique<MetricFamily<Histogram>>(
      name, help, std::move(label_names),
      [bounds = std::move(bounds)] { return std::make_unique<Histogram>(bounds); });
  MetricFamily<Histogram>* result = family.get();
  families_.push_back(std::move(family));
  return result;
}

std::string MetricRegistry::Render() const {
  std::string out;
  absl::MutexLock lock(&mu_);
  for (const std::unique_ptr<RenderableFamily>& family : families_) family->Render(&out);
  return out;
}

}  // namespace osp::server::metrics
