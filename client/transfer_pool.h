// TransferPool: runs one transfer function over many items on a bounded number of threads, as
// `ospctl cp --recursive` does with files. A failed item does not stop the others. Thread-safe
// for its callbacks: `done` is called under one lock, never concurrently.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "absl/status/status.h"

namespace osp::client {

class TransferPool final {
 public:
  // Most transfers at once that `--jobs` allows: more only adds contention on one connection.
  static constexpr int kMaxJobs = 32;

  // Runs at most `jobs` (1..kMaxJobs, clamped) transfers at once.
  explicit TransferPool(int jobs);
  TransferPool(const TransferPool&) = delete;
  TransferPool& operator=(const TransferPool&) = delete;

  // Calls `transfer(i)` once for every i in [0, count) on up to `jobs` threads (in index order
  // of starting), then `done(i, status)` with its result, serialised. Returns the statuses by
  // index when every transfer has finished.
  std::vector<absl::Status> Run(size_t count, const std::function<absl::Status(size_t)>& transfer,
                                const std::function<void(size_t, const absl::Status&)>& done);

 private:
  const int jobs_;
};

}  // namespace osp::client
