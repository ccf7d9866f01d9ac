// ChunkQueue: a bounded hand-over of data chunks from one producer thread to one consumer
// thread, so that a transfer's two ends (a gRPC stream and a backend socket) run at the same
// time instead of taking turns. Buffers travel by swap and come back to the producer emptied: a
// producer that fills the buffers Push hands back allocates at most capacity + 3 of them.
// Thread-safe: one producer, one consumer.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace osp::providers::base {

class ChunkQueue final {
 public:
  // Holds at most `capacity` (>= 1) chunks.
  explicit ChunkQueue(size_t capacity);
  ChunkQueue(const ChunkQueue&) = delete;
  ChunkQueue& operator=(const ChunkQueue&) = delete;

  // Producer: waits for room, then takes `*chunk` and leaves an empty buffer (with capacity,
  // when one came back from the consumer) in its place. Returns false, without taking the
  // chunk, once the consumer has called Abandon.
  bool Push(std::string* chunk);
  // Producer: no more chunks. The consumer receives the queued chunks, then `status`. Later
  // calls are ignored.
  void Close(absl::Status status);

  // Consumer: waits for the next chunk. Returns true with it in `*chunk` (whose old buffer is
  // kept for the producer); false after the last chunk when the producer closed with OK; the
  // producer's error after the last chunk otherwise.
  absl::StatusOr<bool> Pop(std::string* chunk);
  // Consumer: stops taking chunks; a waiting and every later Push returns false.
  void Abandon();

 private:
  const size_t capacity_;
  absl::Mutex mu_;
  std::deque<std::string> chunks_ ABSL_GUARDED_BY(mu_);
  // At most one emptied buffer on its way back to the producer.
  std::vector<std::string> spare_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status close_status_ ABSL_GUARDED_BY(mu_);
  bool abandoned_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace osp::providers::base
