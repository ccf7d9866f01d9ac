#include "client/transfer_pool.h"

#include <algorithm>
#include <thread>

#include "absl/synchronization/mutex.h"

namespace osp::client {

TransferPool::TransferPool(int jobs) : jobs_(std::clamp(jobs, 1, kMaxJobs)) {}

std::vector<absl::Status> TransferPool::Run(
    size_t count, const std::function<absl::Status(size_t)>& transfer,
    const std::function<void(size_t, const absl::Status&)>& done) {
  std::vector<absl::Status> results(count);
  absl::Mutex mu;
  size_t next = 0;
  const auto worker = [&] {
    while (true) {
      size_t index = 0;
      {
        absl::MutexLock lock(&mu);
        if (next == count) return;
        index = next++;
      }
      absl::Status status = transfer(index);
      absl::MutexLock lock(&mu);
      done(index, status);
      results[index] = std::move(status);
    }
  };
  const size_t threads = std::min(count, static_cast<size_t>(jobs_));
  if (threads <= 1) {
    worker();
    return results;
  }
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (size_t i = 0; i < threads; ++i) pool.emplace_back(worker);
  for (std::thread& thread : pool) thread.join();
  return results;
}

}  // namespace osp::client
