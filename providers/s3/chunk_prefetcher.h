// ChunkPrefetcher: reads an upload's chunks on a thread of its own, a bounded number ahead of
// the caller, so that receiving and checking the data (gRPC reads, SHA-256) runs while the
// previous chunks are sent to S3 instead of between those sends. The first chunk is read on the
// caller's thread; the thread starts only when a second chunk may follow.
// Not thread-safe: one caller; the wrapped reader runs on one thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "providers/base/chunk_queue.h"
#include "providers/types.h"

namespace osp::providers::s3 {

class ChunkPrefetcher final {
 public:
  // Reads from `reader` (which outlives this object), at most `depth` chunks ahead.
  ChunkPrefetcher(const ChunkReader& reader, size_t depth);
  // Stops: see Stop.
  ~ChunkPrefetcher();
  ChunkPrefetcher(const ChunkPrefetcher&) = delete;
  ChunkPrefetcher& operator=(const ChunkPrefetcher&) = delete;

  // The wrapped reader's next result, in order: true with a chunk, false at the end, or its
  // error (after the chunks read before it).
  absl::StatusOr<bool> Next(std::string* chunk);
  // Reads no further and waits until the thread has returned from the wrapped reader, which
  // therefore may touch its state until then. Chunks read ahead are dropped. Idempotent.
  void Stop();

 private:
  void Run();

  const ChunkReader& reader_;
  base::ChunkQueue queue_;
  bool first_read_ = false;
  std::thread thread_;
};

}  // namespace osp::providers::s3
