// SingleFlight: runs at most one call per key at a time; callers that arrive while a call for
// their key is running wait for it and share its result instead of repeating it (64 concurrent
// EnsureUser calls for a new account create one user and one key). A result that belongs to
// the leading caller alone (its deadline passed, it was cancelled) is not shared: a waiter then
// runs the call itself. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "providers/base/call_context.h"

namespace osp::providers::ecs {

template <typename T>
class SingleFlight final {
 public:
  SingleFlight() = default;
  SingleFlight(const SingleFlight&) = delete;
  SingleFlight& operator=(const SingleFlight&) = delete;

  // Runs `fn` for `key`, or waits for the call already running for `key` and returns its
  // result. A waiter whose context ends first gets DEADLINE_EXCEEDED / CANCELLED.
  absl::StatusOr<T> Do(const std::string& key, const base::CallContext& ctx,
                       const std::function<absl::StatusOr<T>()>& fn) {
    for (;;) {
      std::shared_ptr<Flight> flight;
      bool leader = false;
      {
        absl::MutexLock lock(&mu_);
        std::shared_ptr<Flight>& slot = flights_[key];
        if (slot == nullptr) {
          slot = std::make_shared<Flight>();
          leader = true;
        }
        flight = slot;
      }
      if (leader) {
        flight->result = fn();
        {
          absl::MutexLock lock(&mu_);
          flights_.erase(key);
        }
        flight->done.Notify();
        return flight->result;
      }
      if (!flight->done.WaitForNotificationWithDeadline(ctx.deadline())) {
        return absl::DeadlineExceededError("deadline exceeded waiting for a concurrent call");
      }
      if (ctx.cancelled()) return absl::CancelledError("cancelled");
      const absl::StatusCode code = flight->result.status().code();
      if (code != absl::StatusCode::kDeadlineExceeded && code != absl::StatusCode::kCancelled) {
        return flight->result;
      }
    }
  }

 private:
  struct Flight {
    absl::Notification done;
    absl::StatusOr<T> result = absl::UnknownError("not run");
  };

  absl::Mutex mu_;
  std::map<std::string, std::shared_ptr<Flight>> flights_ ABSL_GUARDED_BY(mu_);
};

}  // namespace osp::providers::ecs
