// The one place where an absl::Status becomes a grpc::Status: every RPC of the service returns
// through ToGrpcStatus, and nothing else in the tree builds a grpc::Status from a code.
// Stateless; thread-safe.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace osp::server {

// The canonical code with the same meaning and the same message. Payloads are dropped; a code
// outside the 17 canonical ones becomes UNKNOWN. Messages are passed through unchanged, so they
// must already be free of secrets (every module promises that).
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace osp::server
