#include "providers/s3/chunk_prefetcher.h"

#include "absl/status/status.h"

namespace osp::providers::s3 {

ChunkPrefetcher::ChunkPrefetcher(const ChunkReader& reader, size_t depth)
    : reader_(reader), queue_(depth) {}

ChunkPrefetcher::~ChunkPrefetcher() { Stop(); }

absl::StatusOr<bool> ChunkPrefetcher::Next(std::string* chunk) {
  if (first_read_) return queue_.Pop(chunk);
  first_read_ = true;
  absl::StatusOr<bool> more = reader_(chunk);
  if (more.ok() && *more) {
    thread_ = std::thread([this] { Run(); });
  } else {
    queue_.Close(more.ok() ? absl::OkStatus() : more.status());
  }
  return more;
}

void ChunkPrefetcher::Stop() {
  queue_.Abandon();
  if (thread_.joinable()) thread_.join();
}

void ChunkPrefetcher::Run() {
  std::string chunk;
  while (true) {
    chunk.clear();
    const absl::StatusOr<bool> more = reader_(&chunk);
    if (!more.ok()) {
      queue_.Close(more.status());
      return;
    }
    // A reader may hand over its last chunk together with the end.
    if (!chunk.empty() && !queue_.Push(&chunk)) return;
    if (!*more) {
      queue_.Close(absl::OkStatus());
      return;
    }
  }
}

}  // namespace osp::providers::s3
