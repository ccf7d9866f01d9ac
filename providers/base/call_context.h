// CallContext: what a backend call inherits from the RPC that caused it: the caller's deadline
// and a way to see that the caller has gone. Built by server/ from grpc::ServerContext; providers
// pass it down to every HTTP call so that no backend call outlives its caller. Thread-safe to read.
#pragma once

#include <functional>
#include <string>
#include <utility>

#include "absl/time/time.h"

namespace osp::providers::base {

class CallContext final {
 public:
  // No deadline, never cancelled (tools, tests, start-up checks).
  CallContext() = default;
  CallContext(absl::Time deadline, std::function<bool()> is_cancelled)
      : deadline_(deadline), is_cancelled_(std::move(is_cancelled)) {}

  // absl::InfiniteFuture() when the caller set none.
  absl::Time deadline() const { return deadline_; }
  // True once the caller cancelled or disconnected; long transfers poll it.
  bool cancelled() const { return is_cancelled_ && is_cancelled_(); }

  // A copy whose deadline is the earlier of this one and `deadline`.
  CallContext WithDeadline(absl::Time deadline) const {
    CallContext copy = *this;
    if (deadline < copy.deadline_) copy.deadline_ = deadline;
    return copy;
  }

 private:
  absl::Time deadline_ = absl::InfiniteFuture();
  std::function<bool()> is_cancelled_;
};

}  // namespace osp::providers::base
