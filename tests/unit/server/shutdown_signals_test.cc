#include "server/shutdown_signals.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <thread>

#include "gtest/gtest.h"
#include "tests/testutil/status_matchers.h"

namespace osp::server {
namespace {

using ::osp::testutil::IsOk;

// Each test blocks the signals first, so a signal that reaches the process is never fatal.

TEST(ShutdownSignalsTest, WaitReturnsEachBlockedSignal) {
  ASSERT_THAT(BlockShutdownSignals(), IsOk());
  ASSERT_EQ(pthread_kill(pthread_self(), SIGTERM), 0);
  EXPECT_EQ(WaitForShutdownSignal(), SIGTERM);
  ASSERT_EQ(pthread_kill(pthread_self(), SIGINT), 0);
  EXPECT_EQ(WaitForShutdownSignal(), SIGINT);
}

TEST(ShutdownSignalsTest, ThreadsStartedLaterInheritTheMask) {
  ASSERT_THAT(BlockShutdownSignals(), IsOk());
  sigset_t inherited;
  std::thread worker([&inherited] { pthread_sigmask(SIG_BLOCK, nullptr, &inherited); });
  worker.join();
  EXPECT_EQ(sigismember(&inherited, SIGTERM), 1);
  EXPECT_EQ(sigismember(&inherited, SIGINT), 1);
  // A signal sent to the whole process waits for the one thread that asks for it.
  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  EXPECT_EQ(WaitForShutdownSignal(), SIGTERM);
}

}  // namespace
}  // namespace osp::server
