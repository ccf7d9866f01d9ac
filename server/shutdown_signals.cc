#include "server/shutdown_signals.h"

#include <pthread.h>
#include <signal.h>

#include <cstring>

#include "absl/strings/str_cat.h"

namespace osp::server {
namespace {

sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

absl::Status BlockShutdownSignals() {
  sigset_t set = ShutdownSignals();
  int error = pthread_sigmask(SIG_BLOCK, &set, nullptr);
  if (error != 0) {
    return absl::InternalError(absl::StrCat("pthread_sigmask: ", std::strerror(error)));
  }
  return absl::OkStatus();
}

int WaitForShutdownSignal() {
  sigset_t set = ShutdownSignals();
  int signal = 0;
  sigwait(&set, &signal);  // fails only for an invalid set
  return signal;
}

}  // namespace osp::server
