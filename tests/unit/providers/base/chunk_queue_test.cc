#include "providers/base/chunk_queue.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "tests/testutil/status_matchers.h"

namespace osp::providers::base {
namespace {

using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;

TEST(ChunkQueueTest, DeliversChunksInOrderThenTheEnd) {
  ChunkQueue queue(4);
  for (const char* data : {"one", "two", "three"}) {
    std::string chunk = data;
    ASSERT_TRUE(queue.Push(&chunk));
  }
  queue.Close(absl::OkStatus());
  std::string chunk;
  for (const char* data : {"one", "two", "three"}) {
    ASSERT_THAT(queue.Pop(&chunk), IsOkAndHolds(true));
    EXPECT_EQ(chunk, data);
  }
  EXPECT_THAT(queue.Pop(&chunk), IsOkAndHolds(false));
  EXPECT_THAT(queue.Pop(&chunk), IsOkAndHolds(false));
}

TEST(ChunkQueueTest, AnErrorComesAfterTheChunksQueuedBeforeIt) {
  ChunkQueue queue(2);
  std::string chunk = "data";
  ASSERT_TRUE(queue.Push(&chunk));
  queue.Close(absl::DataLossError("the stream broke"));
  queue.Close(absl::OkStatus());  // Ignored: the first close counts.
  ASSERT_THAT(queue.Pop(&chunk), IsOkAndHolds(true));
  EXPECT_EQ(chunk, "data");
  EXPECT_THAT(queue.Pop(&chunk), StatusIs(absl::StatusCode::kDataLoss, "the stream broke"));
}

TEST(ChunkQueueTest, ThePoppedChunksBufferReturnsToTheProducer) {
  ChunkQueue queue(1);
  std::string produced(1000, 'a');
  ASSERT_TRUE(queue.Push(&produced));
  std::string consumed;
  consumed.reserve(5000);
  ASSERT_THAT(queue.Pop(&consumed), IsOkAndHolds(true));
  EXPECT_EQ(consumed, std::string(1000, 'a'));
  produced = "b";
  ASSERT_TRUE(queue.Push(&produced));
  // The consumer's 5000-byte buffer, emptied, replaced the chunk just pushed.
  EXPECT_TRUE(produced.empty());
  EXPECT_GE(produced.capacity(), 5000u);
}

TEST(ChunkQueueTest, AbandonReleasesAProducerWaitingForRoom) {
  ChunkQueue queue(1);
  std::string first = "first";
  ASSERT_TRUE(queue.Push(&first));
  bool second_taken = true;
  std::thread producer([&] {
    std::string second = "second";
    // The queue is full: this waits until the consumer gives up, then refuses the chunk.
    second_taken = queue.Push(&second);
    EXPECT_EQ(second, "second");
  });
  queue.Abandon();
  producer.join();
  EXPECT_FALSE(second_taken);
  std::string later = "later";
  EXPECT_FALSE(queue.Push(&later));
  // The queue never held more than its one chunk.
  queue.Close(absl::OkStatus());
  std::string chunk;
  ASSERT_THAT(queue.Pop(&chunk), IsOkAndHolds(true));
  EXPECT_EQ(chunk, "first");
  EXPECT_THAT(queue.Pop(&chunk), IsOkAndHolds(false));
}

TEST(ChunkQueueTest, AProducerAndAConsumerOnTwoThreadsMoveEveryByte) {
  constexpr int kChunks = 2000;
  ChunkQueue queue(2);
  std::thread producer([&] {
    std::string chunk;
    for (int i = 0; i < kChunks; ++i) {
      chunk.assign(static_cast<size_t>(i % 97) + 1, static_cast<char>('a' + i % 26));
      if (!queue.Push(&chunk)) return;
    }
    queue.Close(absl::OkStatus());
  });
  std::string chunk;
  int received = 0;
  while (true) {
    absl::StatusOr<bool> more = queue.Pop(&chunk);
    ASSERT_TRUE(more.ok());
    if (!*more) break;
    ASSERT_EQ(chunk, std::string(static_cast<size_t>(received % 97) + 1,
                                 static_cast<char>('a' + received % 26)));
    ++received;
  }
  producer.join();
  EXPECT_EQ(received, kChunks);
}

}  // namespace
}  // namespace osp::providers::base
