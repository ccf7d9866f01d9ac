#include "providers/s3/chunk_prefetcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::s3 {
namespace {

using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;

// Yields "chunk-0" .. "chunk-(n-1)", then `end` (OK = the end of the data), and records on which
// thread each call ran.
class ScriptedReader {
 public:
  ScriptedReader(int chunks, absl::Status end) : chunks_(chunks), end_(std::move(end)) {}

  ChunkReader AsReader() {
    return [this](std::string* chunk) -> absl::StatusOr<bool> {
      absl::MutexLock lock(&mu_);
      threads_.push_back(std::this_thread::get_id());
      if (calls_ >= chunks_) {
        ++calls_;
        if (!end_.ok()) return end_;
        return false;
      }
      *chunk = "chunk-" + std::to_string(calls_++);
      return true;
    };
  }
  int calls() {
    absl::MutexLock lock(&mu_);
    return calls_;
  }
  std::vector<std::thread::id> threads() {
    absl::MutexLock lock(&mu_);
    return threads_;
  }

 private:
  const int chunks_;
  const absl::Status end_;
  absl::Mutex mu_;
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::thread::id> threads_ ABSL_GUARDED_BY(mu_);
};

TEST(ChunkPrefetcherTest, YieldsEveryChunkInOrderThenTheEnd) {
  ScriptedReader script(5, absl::OkStatus());
  const ChunkReader reader = script.AsReader();
  ChunkPrefetcher prefetcher(reader, 2);
  std::string chunk;
  for (int i = 0; i < 5; ++i) {
    ASSERT_THAT(prefetcher.Next(&chunk), IsOkAndHolds(true));
    EXPECT_EQ(chunk, "chunk-" + std::to_string(i));
  }
  EXPECT_THAT(prefetcher.Next(&chunk), IsOkAndHolds(false));
  prefetcher.Stop();
  EXPECT_EQ(script.calls(), 6);
}

TEST(ChunkPrefetcherTest, TheFirstChunkIsReadOnTheCallersThreadTheRestOnAnother) {
  ScriptedReader script(3, absl::OkStatus());
  const ChunkReader reader = script.AsReader();
  ChunkPrefetcher prefetcher(reader, 2);
  std::string chunk;
  while (prefetcher.Next(&chunk).value_or(false)) {
  }
  prefetcher.Stop();
  const std::vector<std::thread::id> threads = script.threads();
  ASSERT_EQ(threads.size(), 4u);
  EXPECT_EQ(threads[0], std::this_thread::get_id());
  for (size_t i = 1; i < threads.size(); ++i) {
    EXPECT_NE(threads[i], std::this_thread::get_id()) << "call " << i;
  }
}

TEST(ChunkPrefetcherTest, AnEmptyUploadNeedsNoSecondThread) {
  ScriptedReader script(0, absl::OkStatus());
  const ChunkReader reader = script.AsReader();
  ChunkPrefetcher prefetcher(reader, 2);
  std::string chunk;
  EXPECT_THAT(prefetcher.Next(&chunk), IsOkAndHolds(false));
  EXPECT_THAT(prefetcher.Next(&chunk), IsOkAndHolds(false));
  EXPECT_EQ(script.calls(), 1);
}

TEST(ChunkPrefetcherTest, TheReadersErrorComesAfterTheChunksBeforeIt) {
  ScriptedReader script(2, absl::CancelledError("the caller cancelled the upload"));
  const ChunkReader reader = script.AsReader();
  ChunkPrefetcher prefetcher(reader, 4);
  std::string chunk;
  ASSERT_THAT(prefetcher.Next(&chunk), IsOkAndHolds(true));
  ASSERT_THAT(prefetcher.Next(&chunk), IsOkAndHolds(true));
  EXPECT_EQ(chunk, "chunk-1");
  EXPECT_THAT(prefetcher.Next(&chunk),
              StatusIs(absl::StatusCode::kCancelled, "the caller cancelled the upload"));
}

TEST(ChunkPrefetcherTest, ALastChunkHandedOverWithTheEndIsKept) {
  int calls = 0;
  const ChunkReader reader = [&](std::string* chunk) -> absl::StatusOr<bool> {
    *chunk = "part-" + std::to_string(calls);
    return ++calls < 3;
  };
  ChunkPrefetcher prefetcher(reader, 2);
  std::string chunk;
  std::string data;
  while (true) {
    absl::StatusOr<bool> more = prefetcher.Next(&chunk);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    data += chunk;
  }
  EXPECT_EQ(data, "part-0part-1part-2");
}

TEST(ChunkPrefetcherTest, StoppingEarlyReadsAtMostTheQueueAhead) {
  ScriptedReader script(1000, absl::OkStatus());
  const ChunkReader reader = script.AsReader();
  ChunkPrefetcher prefetcher(reader, 2);
  std::string chunk;
  ASSERT_THAT(prefetcher.Next(&chunk), IsOkAndHolds(true));
  ASSERT_THAT(prefetcher.Next(&chunk), IsOkAndHolds(true));
  prefetcher.Stop();
  // Two chunks taken, two queued, one in the producer's hands when the queue refused it.
  EXPECT_LE(script.calls(), 5);
  prefetcher.Stop();
}

}  // namespace
}  // namespace osp::providers::s3
