#include "server/grpc_call_context.h"

#include <chrono>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace osp::server {

providers::base::CallContext CallContextFrom(const grpc::ServerContextBase* ctx) {
  const std::chrono::system_clock::time_point deadline = ctx->deadline();
  // gRPC reports "no deadline" as the largest time_point, which absl would not read as infinite.
  const absl::Time absl_deadline = deadline == std::chrono::system_clock::time_point::max()
                                       ? absl::InfiniteFuture()
                                       : absl::FromChrono(deadline);
  // gRPC also marks a call cancelled when its deadline passes. That is the deadline's doing, not
  // the caller's: past it, report no cancellation so that backend calls fail with
  // DEADLINE_EXCEEDED (their own deadline handling) rather than CANCELLED.
  return providers::base::CallContext(absl_deadline, [ctx, absl_deadline] {
    return ctx->IsCancelled() && absl::Now() < absl_deadline;
  });
}

}  // namespace osp::server
