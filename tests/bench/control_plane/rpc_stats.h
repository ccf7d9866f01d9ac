// Outcome counts and latencies of the RPCs one load client made, merged across clients for the
// report. Not thread-safe: each client owns one; merge them after the clients have finished.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace osp::bench {

// Latency summary of a set of calls.
struct LatencySummary {
  int64_t count = 0;
  absl::Duration p50;
  absl::Duration p99;
  absl::Duration max;
};

class RpcStats final {
 public:
  // One finished RPC named `op`: its final gRPC code name ("OK", "NOT_FOUND", ...), whether that
  // outcome was what the client expected, how many attempts it took and the time of all of them.
  void Record(const std::string& op, const std::string& code, bool expected, int attempts,
              absl::Duration latency);
  // One attempt that failed with a retryable code and was tried again.
  void RecordRetry(const std::string& code);

  void Merge(const RpcStats& other);

  int64_t calls() const;
  int64_t attempts() const { return attempts_; }
  // Final codes of the calls whose outcome was not the expected one, by code name.
  const std::map<std::string, int64_t>& errors() const { return errors_; }
  // Final codes of all calls (expected NOT_FOUND included), by code name.
  const std::map<std::string, int64_t>& codes() const { return codes_; }
  // Codes of the attempts that were retried, by code name.
  const std::map<std::string, int64_t>& retried() const { return retried_; }
  // Operation names seen, sorted.
  std::vector<std::string> Ops() const;
  // Calls of `op` whose outcome was not the expected one.
  int64_t ErrorsOf(const std::string& op) const;

  // Latencies of every call, or of the calls of one operation.
  LatencySummary Summary() const;
  LatencySummary SummaryOf(const std::string& op) const;

 private:
  std::map<std::string, std::vector<int64_t>> latencies_;  // microseconds, per operation
  int64_t attempts_ = 0;
  std::map<std::string, int64_t> errors_;
  std::map<std::string, int64_t> codes_;
  std::map<std::string, int64_t> retried_;
  std::map<std::string, int64_t> op_errors_;
};

}  // namespace osp::bench
