#include "providers/minio/derivation_gate.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::minio {
namespace {

using ::osp::providers::base::CallContext;
using ::osp::testutil::IsOkAndHolds;
using ::osp::testutil::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;

// A derivation that holds its slot until the test releases it, counting how many run at once.
class HeldDerivation {
 public:
  std::function<absl::StatusOr<std::string>()> Fn() {
    return [this]() -> absl::StatusOr<std::string> {
      const int now = ++running_;
      int seen = max_running_.load();
      while (now > seen && !max_running_.compare_exchange_weak(seen, now)) {
      }
      ++started_;
      release_.WaitForNotification();
      --running_;
      return std::string("key");
    };
  }
  // Blocks until `n` derivations have started.
  void AwaitStarted(int n) const {
    while (started_.load() < n) std::this_thread::yield();
  }
  void Release() { release_.Notify(); }
  int max_running() const { return max_running_.load(); }
  int started() const { return started_.load(); }

 private:
  std::atomic<int> running_{0};
  std::atomic<int> max_running_{0};
  std::atomic<int> started_{0};
  absl::Notification release_;
};

// Blocks until `callers` have either started a derivation or queued at the gate: a gate that
// let too many in shows up as extra starts, not as a hang.
void AwaitArrived(const DerivationGate& gate, const HeldDerivation& held, int callers) {
  while (gate.waiting() + held.started() < callers) std::this_thread::yield();
}

TEST(DerivationGateTest, RunsTheDerivationAndReturnsItsResult) {
  testutil::FakeClock clock;
  DerivationGate gate(1, &clock);
  EXPECT_THAT(gate.Run("derive", CallContext(), [] { return std::string("k1"); }),
              IsOkAndHolds(Eq("k1")));
  EXPECT_THAT(gate.Run("derive", CallContext(),
                       []() -> absl::StatusOr<std::string> {
                         return absl::InternalError("argon2 failed");
                       }),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("argon2 failed")));
  // The failed derivation gave its slot back.
  EXPECT_THAT(gate.Run("derive", CallContext(), [] { return std::string("k2"); }),
              IsOkAndHolds(Eq("k2")));
}

TEST(DerivationGateTest, CallerPastItsDeadlineOrGoneStartsNothing) {
  testutil::FakeClock clock;
  DerivationGate gate(2, &clock);
  int calls = 0;
  auto derive = [&calls] {
    ++calls;
    return std::string("k");
  };
  EXPECT_THAT(gate.Run("Argon2id for add-user", CallContext(clock.Now(), nullptr), derive),
              StatusIs(absl::StatusCode::kDeadlineExceeded, HasSubstr("Argon2id for add-user")));
  EXPECT_THAT(gate.Run("Argon2id for add-user",
                       CallContext(absl::InfiniteFuture(), [] { return true; }), derive),
              StatusIs(absl::StatusCode::kCancelled, HasSubstr("Argon2id for add-user")));
  EXPECT_EQ(calls, 0);
}

TEST(DerivationGateTest, AtMostSlotsRunAtOnceAndAFreedSlotGoesToAWaiter) {
  constexpr int kSlots = 2;
  constexpr int kCallers = 5;
  testutil::FakeClock clock;
  DerivationGate gate(kSlots, &clock);
  HeldDerivation held;
  std::vector<absl::StatusOr<std::string>> results(kCallers, absl::UnknownError("not run"));
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] { results[i] = gate.Run("derive", CallContext(), held.Fn()); });
  }
  AwaitArrived(gate, held, kCallers);
  EXPECT_EQ(held.started(), kSlots);
  EXPECT_EQ(gate.waiting(), kCallers - kSlots);
  held.Release();
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(held.started(), kCallers);
  EXPECT_EQ(held.max_running(), kSlots);
  EXPECT_EQ(gate.waiting(), 0);
  for (const auto& result : results) EXPECT_THAT(result, IsOkAndHolds(Eq("key")));
}

TEST(DerivationGateTest, WaiterGivesUpWhenItsDeadlinePasses) {
  testutil::FakeClock clock;
  DerivationGate gate(1, &clock);
  HeldDerivation held;
  std::thread holder(
      [&] { EXPECT_THAT(gate.Run("derive", CallContext(), held.Fn()), IsOkAndHolds(Eq("key"))); });
  held.AwaitStarted(1);
  absl::StatusOr<std::string> waited;
  std::thread waiter([&] {
    waited = gate.Run("Argon2id key derivation",
                      CallContext(clock.Now() + absl::Seconds(30), nullptr), held.Fn());
  });
  AwaitArrived(gate, held, 2);
  const bool queued = held.started() == 1;
  EXPECT_TRUE(queued) << "the second caller did not wait for the slot";
  clock.Advance(absl::Seconds(31));
  if (!queued) held.Release();
  waiter.join();  // Gives up while the holder still runs: nothing but the clock woke it.
  EXPECT_THAT(waited, StatusIs(absl::StatusCode::kDeadlineExceeded,
                               HasSubstr("Argon2id key derivation: deadline exceeded")));
  EXPECT_EQ(gate.waiting(), 0);
  EXPECT_EQ(held.started(), 1);
  if (queued) held.Release();
  holder.join();
}

TEST(DerivationGateTest, WaiterGivesUpWhenCancelled) {
  testutil::FakeClock clock;
  DerivationGate gate(1, &clock);
  HeldDerivation held;
  std::thread holder(
      [&] { EXPECT_THAT(gate.Run("derive", CallContext(), held.Fn()), IsOkAndHolds(Eq("key"))); });
  held.AwaitStarted(1);
  std::atomic<bool> cancelled{false};
  absl::StatusOr<std::string> waited;
  std::thread waiter([&] {
    waited = gate.Run(
        "derive", CallContext(absl::InfiniteFuture(), [&] { return cancelled.load(); }), held.Fn());
  });
  AwaitArrived(gate, held, 2);
  const bool queued = held.started() == 1;
  EXPECT_TRUE(queued) << "the second caller did not wait for the slot";
  cancelled = true;
  if (!queued) held.Release();
  waiter.join();
  EXPECT_THAT(waited, StatusIs(absl::StatusCode::kCancelled, HasSubstr("derive: cancelled")));
  EXPECT_EQ(held.started(), 1);
  if (queued) held.Release();
  holder.join();
}

}  // namespace
}  // namespace osp::providers::minio
