#include "server/grpc_call_context.h"

#include <chrono>

#include "absl/time/time.h"

namespace osp::server {

providers::base::CallContext CallContextFrom(const grpc::ServerContextBase* ctx) {
  const std::chrono::system_clock::time_point deadline = ctx->deadline();
  // gRPC reports "no deadline" as the largest time_point, which absl would not read as infinite.
  const absl::Time absl_deadline = deadline == std::chrono::system_clock::time_point::max()
                                       ? absl::InfiniteFuture()
                                       : absl::FromChrono(deadline);
  return providers::base::CallContext(absl_deadline, [ctx] { return ctx->IsCancelled(); });
}

}  // namespace osp::server
