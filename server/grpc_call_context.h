// The bridge from a gRPC call to the plain types below it: the provider layer's CallContext (the
// caller's deadline and cancellation, so that no backend call outlives the RPC that caused it).
// Thread-safe.
#pragma once

#include <grpcpp/server_context.h>

#include "providers/base/call_context.h"

namespace osp::server {

// A CallContext whose deadline is the caller's (InfiniteFuture if none) and whose cancelled()
// asks `ctx` until that deadline (an expired call is not a cancelled one). `ctx` must outlive the
// returned context (it does for the handler's duration).
providers::base::CallContext CallContextFrom(const grpc::ServerContextBase* ctx);

}  // namespace osp::server
