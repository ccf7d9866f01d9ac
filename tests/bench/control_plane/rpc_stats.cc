#include "tests/bench/control_plane/rpc_stats.h"

#include <algorithm>

namespace osp::bench {
namespace {

void Add(const std::map<std::string, int64_t>& from, std::map<std::string, int64_t>& to) {
  for (const auto& [key, count] : from) to[key] += count;
}

// The nearest-rank percentile `p` (0-100) of sorted values.
int64_t Percentile(const std::vector<int64_t>& sorted, int p) {
  if (sorted.empty()) return 0;
  const size_t rank = (sorted.size() * static_cast<size_t>(p) + 99) / 100;
  return sorted[std::max<size_t>(rank, 1) - 1];
}

LatencySummary Summarize(std::vector<int64_t> micros) {
  std::sort(micros.begin(), micros.end());
  LatencySummary summary;
  summary.count = static_cast<int64_t>(micros.size());
  summary.p50 = absl::Microseconds(Percentile(micros, 50));
  summary.p99 = absl::Microseconds(Percentile(micros, 99));
  summary.max = absl::Microseconds(micros.empty() ? 0 : micros.back());
  return summary;
}

}  // namespace

void RpcStats::Record(const std::string& op, const std::string& code, bool expected, int attempts,
                      absl::Duration latency) {
  latencies_[op].push_back(absl::ToInt64Microseconds(latency));
  attempts_ += attempts;
  ++codes_[code];
  if (!expected) {
    ++errors_[code];
    ++op_errors_[op];
  }
}

void RpcStats::RecordRetry(const std::string& code) { ++retried_[code]; }

void RpcStats::Merge(const RpcStats& other) {
  for (const auto& [op, micros] : other.latencies_) {
    std::vector<int64_t>& mine = latencies_[op];
    mine.insert(mine.end(), micros.begin(), micros.end());
  }
  attempts_ += other.attempts_;
  Add(other.errors_, errors_);
  Add(other.codes_, codes_);
  Add(other.retried_, retried_);
  Add(other.op_errors_, op_errors_);
}

int64_t RpcStats::calls() const {
  int64_t calls = 0;
  for (const auto& entry : latencies_) calls += static_cast<int64_t>(entry.second.size());
  return calls;
}

std::vector<std::string> RpcStats::Ops() const {
  std::vector<std::string> ops;
  for (const auto& entry : latencies_) ops.push_back(entry.first);
  return ops;
}

int64_t RpcStats::ErrorsOf(const std::string& op) const {
  auto it = op_errors_.find(op);
  return it == op_errors_.end() ? 0 : it->second;
}

LatencySummary RpcStats::Summary() const {
  std::vector<int64_t> all;
  for (const auto& entry : latencies_)
    all.insert(all.end(), entry.second.begin(), entry.second.end());
  return Summarize(std::move(all));
}

LatencySummary RpcStats::SummaryOf(const std::string& op) const {
  auto it = latencies_.find(op);
  return Summarize(it == latencies_.end() ? std::vector<int64_t>() : it->second);
}

}  // namespace osp::bench
