#include "providers/base/chunk_queue.h"

#include <algorithm>
#include <utility>

namespace osp::providers::base {

ChunkQueue::ChunkQueue(size_t capacity) : capacity_(std::max<size_t>(capacity, 1)) {}

bool ChunkQueue::Push(std::string* chunk) {
  absl::MutexLock lock(&mu_);
  const auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return abandoned_ || chunks_.size() < capacity_;
  };
  mu_.Await(absl::Condition(&room));
  if (abandoned_) return false;
  chunks_.push_back(std::move(*chunk));
  if (spare_.empty()) {
    chunk->clear();
  } else {
    *chunk = std::move(spare_.back());
    spare_.pop_back();
  }
  return true;
}

void ChunkQueue::Close(absl::Status status) {
  absl::MutexLock lock(&mu_);
  if (closed_) return;
  closed_ = true;
  close_status_ = std::move(status);
}

absl::StatusOr<bool> ChunkQueue::Pop(std::string* chunk) {
  absl::MutexLock lock(&mu_);
  const auto ready = [this]()
                         ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !chunks_.empty() || closed_; };
  mu_.Await(absl::Condition(&ready));
  if (chunks_.empty()) {
    if (!close_status_.ok()) return close_status_;
    return false;
  }
  chunk->swap(chunks_.front());
  // The consumer's previous buffer goes back to the producer; one spare is all it needs.
  std::string previous = std::move(chunks_.front());
  chunks_.pop_front();
  if (spare_.empty() && previous.capacity() > 0) {
    previous.clear();
    spare_.push_back(std::move(previous));
  }
  return true;
}

void ChunkQueue::Abandon() {
  absl::MutexLock lock(&mu_);
  abandoned_ = true;
}

}  // namespace osp::providers::base
