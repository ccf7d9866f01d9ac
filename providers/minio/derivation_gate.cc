#include "providers/minio/derivation_gate.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace osp::providers::minio {

DerivationGate::DerivationGate(int slots, base::Clock* clock)
    : slots_(std::max(slots, 1)), clock_(clock) {}

absl::Status DerivationGate::Enter(absl::string_view what, const base::CallContext& ctx) {
  absl::MutexLock lock(&mu_);
  ++waiting_;
  absl::Status status;
  for (;;) {
    if (ctx.cancelled()) {
      status = absl::CancelledError(
          absl::StrCat(what, ": cancelled while waiting for a key derivation slot"));
      break;
    }
    const absl::Time now = clock_->Now();
    if (now >= ctx.deadline()) {
      status = absl::DeadlineExceededError(absl::StrCat(
          what, ": deadline exceeded while waiting for one of ", slots_, " key derivation slots"));
      break;
    }
    if (running_ < slots_) break;
    freed_.WaitWithTimeout(&mu_, std::min(kPollInterval, ctx.deadline() - now));
  }
  --waiting_;
  if (status.ok()) ++running_;
  return status;
}

void DerivationGate::Leave() {
  absl::MutexLock lock(&mu_);
  --running_;
  // Every waiter re-checks: the one woken first may be giving up at its deadline.
  freed_.SignalAll();
}

absl::StatusOr<std::string> DerivationGate::Run(
    absl::string_view what, const base::CallContext& ctx,
    const std::function<absl::StatusOr<std::string>()>& derive) {
  if (absl::Status entered = Enter(what, ctx); !entered.ok()) return entered;
  absl::StatusOr<std::string> result = derive();
  Leave();
  return result;
}

int DerivationGate::waiting() const {
  absl::MutexLock lock(&mu_);
  return waiting_;
}

}  // namespace osp::providers::minio
