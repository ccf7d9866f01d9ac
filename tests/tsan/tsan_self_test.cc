// Proves the TSan stage can fail and that tests/tsan's annotations make Abseil's locks visible:
// two threads increment one counter, guarded by an absl::Mutex, an absl::CondVar hand-off and a
// Mutex Condition ("guarded", must pass with no report), or unguarded ("racy", must be reported).
//   tsan_self_test guarded|racy

#include <cstring>
#include <thread>

#include "absl/synchronization/mutex.h"

namespace {

constexpr int kRounds = 1000;

int Guarded() {
  absl::Mutex mu;
  absl::CondVar changed;
  int counter = 0;
  auto work = [&] {
    for (int i = 0; i < kRounds; ++i) {
      absl::MutexLock lock(&mu);
      ++counter;
      changed.SignalAll();
    }
  };
  std::thread a(work);
  std::thread b(work);
  {
    absl::MutexLock lock(&mu);
    while (counter < kRounds) changed.Wait(&mu);
  }
  mu.LockWhen(absl::Condition(
      +[](int* n) { return *n == 2 * kRounds; }, &counter));
  mu.Unlock();
  a.join();
  b.join();
  return counter == 2 * kRounds ? 0 : 1;
}

int Racy() {
  int counter = 0;
  auto work = [&] {
    for (int i = 0; i < kRounds; ++i) ++counter;
  };
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
  return counter > 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "guarded") == 0) return Guarded();
  if (argc == 2 && std::strcmp(argv[1], "racy") == 0) return Racy();
  return 2;
}
