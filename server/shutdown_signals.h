// Shutdown signals: SIGTERM and SIGINT are blocked in every thread and received synchronously by
// one thread with sigwait, so that shutdown runs as ordinary code (no async-signal-safety limits).
// BlockShutdownSignals must run in main() before any thread exists: threads inherit the mask.
#pragma once

#include "absl/status/status.h"

namespace osp::server {

// Blocks SIGTERM and SIGINT in the calling thread (and every thread it creates afterwards).
// INTERNAL if pthread_sigmask fails.
absl::Status BlockShutdownSignals();

// Waits until SIGTERM or SIGINT is delivered and returns its number. The signals must be blocked
// (BlockShutdownSignals) in every thread, else the default action may kill the process first.
int WaitForShutdownSignal();

}  // namespace osp::server
