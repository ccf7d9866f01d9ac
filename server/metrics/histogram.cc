#include "server/metrics/histogram.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/metrics/text_format.h"

namespace osp::server::metrics {

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::Observe(double value) {
  if (std::isnan(value)) return;
  const size_t bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  absl::MutexLock lock(&mu_);
  ++counts_[bucket];
  sum_ += value;
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  snapshot.cumulative.reserve(bounds_.size() + 1);
  absl::MutexLock lock(&mu_);
  for (uint64_t count : counts_) {
    snapshot.count += count;
    snapshot.cumulative.push_back(snapshot.count);
  }
  snapshot.sum = sum_;
  return snapshot;
}

void Histogram::AppendSamples(absl::string_view name, absl::string_view labels,
                              std::string* out) const {
  const Snapshot snapshot = Read();
  const std::string bucket_name = absl::StrCat(name, "_bucket");
  const std::string prefix = labels.empty() ? "" : absl::StrCat(labels, ",");
  for (size_t i = 0; i < snapshot.cumulative.size(); ++i) {
    const double bound = i < bounds_.size() ? bounds_[i] : INFINITY;
    AppendSampleLine(bucket_name, absl::StrCat(prefix, "le=\"", FormatValue(bound), "\""),
                     static_cast<double>(snapshot.cumulative[i]), out);
  }
  AppendSampleLine(absl::StrCat(name, "_sum"), labels, snapshot.sum, out);
  AppendSampleLine(absl::StrCat(name, "_count"), labels, static_cast<double>(snapshot.count), out);
}

}  // namespace osp::server::metrics
