// DerivationGate: admits at most a fixed number of memory-hard key derivations at a time (each
// Argon2id run of madmin's body encryption takes 64 MiB), so that memory stays bounded however
// many RPCs run. A caller waiting for a slot gives up at its deadline or when it is cancelled
// instead of queueing past them. Thread-safe.
#pragma once

#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "providers/base/call_context.h"
#include "providers/base/clock.h"

namespace osp::providers::minio {

class DerivationGate final {
 public:
  // How often a waiter looks at its cancellation and at the clock again (a cancellation, or a
  // fake clock moving, wakes nobody).
  static constexpr absl::Duration kPollInterval = absl::Milliseconds(50);

  // `slots` (at least 1) derivations may run at once. `clock` (not owned) is what deadlines are
  // compared with.
  DerivationGate(int slots, base::Clock* clock);
  DerivationGate(const DerivationGate&) = delete;
  DerivationGate& operator=(const DerivationGate&) = delete;

  // Runs `derive` once a slot is free, without the gate's lock held, and returns its result.
  // A caller whose deadline passes before a slot is free -> DEADLINE_EXCEEDED, one that is
  // cancelled -> CANCELLED, both naming `what`; neither starts `derive` (nor does a caller
  // whose deadline has already passed when it arrives).
  absl::StatusOr<std::string> Run(absl::string_view what, const base::CallContext& ctx,
                                  const std::function<absl::StatusOr<std::string>()>& derive);

  // Callers waiting for a slot right now (for tests and metrics).
  int waiting() const;

 private:
  // Waits for a slot and takes it (OK), or gives up as Run says.
  absl::Status Enter(absl::string_view what, const base::CallContext& ctx);
  void Leave();

  const int slots_;
  base::Clock* const clock_;
  mutable absl::Mutex mu_;
  absl::CondVar freed_;
  int running_ ABSL_GUARDED_BY(mu_) = 0;
  int waiting_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace osp::providers::minio
