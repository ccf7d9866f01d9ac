#include "client/transfer_pool.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::client {
namespace {

using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

TEST(TransferPoolTest, RunsEveryItemOnceAndReportsByIndex) {
  std::vector<size_t> done;
  const auto results = TransferPool(3).Run(
      5,
      [](size_t i) {
        return i % 2 == 1 ? absl::NotFoundError(std::to_string(i)) : absl::OkStatus();
      },
      [&](size_t i, const absl::Status&) { done.push_back(i); });
  EXPECT_THAT(done, UnorderedElementsAre(0, 1, 2, 3, 4));
  EXPECT_THAT(results, ElementsAre(IsOk(), StatusIs(absl::StatusCode::kNotFound), IsOk(),
                                   StatusIs(absl::StatusCode::kNotFound), IsOk()));
}

// A transfer waits here until `*started` reaches `target`.
struct Gate {
  const int* started;
  int target;
};

bool Reached(Gate* gate) { return *gate->started >= gate->target; }

// Each transfer waits until its whole wave of `jobs` has started: this finishes only if the
// pool really runs `jobs` at once, and the high-water mark shows it never runs more.
TEST(TransferPoolTest, RunsUpToJobsAtOnceAndNoMore) {
  constexpr int kJobs = 3;
  absl::Mutex mu;
  int running = 0;
  int most = 0;
  int started = 0;
  TransferPool(kJobs).Run(
      2 * kJobs,
      [&](size_t) {
        absl::MutexLock lock(&mu);
        ++running;
        ++started;
        most = std::max(most, running);
        Gate gate{&started, (started + kJobs - 1) / kJobs * kJobs};
        mu.Await(absl::Condition(&Reached, &gate));
        --running;
        return absl::OkStatus();
      },
      [](size_t, const absl::Status&) {});
  EXPECT_EQ(most, kJobs);
}

TEST(TransferPoolTest, JobsAreClampedAndZeroItemsIsFine) {
  int calls = 0;
  EXPECT_TRUE(TransferPool(0)
                  .Run(
                      0, [&](size_t) { return absl::OkStatus(); },
                      [&](size_t, const absl::Status&) { ++calls; })
                  .empty());
  EXPECT_THAT(TransferPool(1000).Run(
                  2, [](size_t) { return absl::OkStatus(); },
                  [&](size_t, const absl::Status&) { ++calls; }),
              ElementsAre(IsOk(), IsOk()));
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace osp::client
