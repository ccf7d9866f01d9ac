#include "providers/base/expiring_map.h"

#include <optional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/fake_clock.h"

namespace osp::providers::base {
namespace {

using ::testing::Eq;
using ::testing::Optional;

constexpr absl::Duration kTtl = absl::Seconds(10);

TEST(ExpiringMapTest, AValueIsServedForTheTtlThenMissed) {
  testutil::FakeClock clock;
  ExpiringMap<std::string> map(&clock, kTtl, 8);
  EXPECT_EQ(map.Find("b1"), std::nullopt);

  map.Put("b1", "alice");
  clock.Advance(kTtl - absl::Milliseconds(1));
  EXPECT_THAT(map.Find("b1"), Optional(Eq("alice")));
  clock.Advance(absl::Milliseconds(1));
  EXPECT_EQ(map.Find("b1"), std::nullopt);
}

TEST(ExpiringMapTest, PutReplacesTheValueAndRestartsItsTtl) {
  testutil::FakeClock clock;
  ExpiringMap<std::string> map(&clock, kTtl, 8);
  map.Put("b1", "alice");
  clock.Advance(kTtl / 2);
  map.Put("b1", "bob");
  clock.Advance(kTtl / 2);
  EXPECT_THAT(map.Find("b1"), Optional(Eq("bob")));
}

TEST(ExpiringMapTest, ForgetDropsOnlyThatKey) {
  testutil::FakeClock clock;
  ExpiringMap<std::string> map(&clock, kTtl, 8);
  map.Put("b1", "alice");
  map.Put("b2", "bob");
  map.Forget("b1");
  EXPECT_EQ(map.Find("b1"), std::nullopt);
  EXPECT_THAT(map.Find("b2"), Optional(Eq("bob")));
}

TEST(ExpiringMapTest, AValueReadBeforeAForgetIsNotStored) {
  testutil::FakeClock clock;
  ExpiringMap<std::string> map(&clock, kTtl, 8);
  const uint64_t before = map.Generation();
  map.Forget("b1");  // Another thread changed b1 while this one read it.
  map.PutUnlessForgotten("b1", "stale", before);
  EXPECT_EQ(map.Find("b1"), std::nullopt);

  const uint64_t after = map.Generation();
  map.PutUnlessForgotten("b1", "fresh", after);
  EXPECT_THAT(map.Find("b1"), Optional(Eq("fresh")));
}

TEST(ExpiringMapTest, ForgettingOneKeyKeepsConcurrentReadsOfOthers) {
  testutil::FakeClock clock;
  ExpiringMap<std::string> map(&clock, kTtl, 8);
  const uint64_t before = map.Generation();
  map.Forget("b1");
  map.PutUnlessForgotten("b2", "bob", before);
  EXPECT_THAT(map.Find("b2"), Optional(Eq("bob")));
}

TEST(ExpiringMapTest, ManyForgetsStayBoundedAndStillGuardOlderReads) {
  testutil::FakeClock clock;
  ExpiringMap<std::string> map(&clock, kTtl, 2);
  const uint64_t before = map.Generation();
  for (const char* key : {"a", "b", "c"}) map.Forget(key);  // The third clears the record.
  map.PutUnlessForgotten("a", "stale", before);
  EXPECT_EQ(map.Find("a"), std::nullopt);
  const uint64_t after = map.Generation();
  map.PutUnlessForgotten("a", "fresh", after);
  EXPECT_THAT(map.Find("a"), Optional(Eq("fresh")));
}

TEST(ExpiringMapTest, AFullMapDropsExpiredEntriesFirstThenAll) {
  testutil::FakeClock clock;
  ExpiringMap<int> map(&clock, kTtl, 2);
  map.Put("old", 1);
  clock.Advance(kTtl);
  map.Put("young", 2);
  map.Put("new", 3);  // Full: "old" has expired and makes room.
  EXPECT_THAT(map.Find("young"), Optional(2));
  EXPECT_THAT(map.Find("new"), Optional(3));

  map.Put("young", 4);  // Replacing a key needs no room.
  EXPECT_THAT(map.Find("new"), Optional(3));

  map.Put("newest", 5);  // Full of live entries: all go.
  EXPECT_EQ(map.Find("young"), std::nullopt);
  EXPECT_EQ(map.Find("new"), std::nullopt);
  EXPECT_THAT(map.Find("newest"), Optional(5));
}

}  // namespace
}  // namespace osp::providers::base
