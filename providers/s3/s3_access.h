// S3Access: how a backend reaches S3 for one bucket's objects: with which credentials, on which
// endpoint, and what it does when S3 refuses a key. ObjectPlane runs every object call through
// it, so that object semantics are written once for all backends. Implementations are
// thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "providers/base/call_context.h"
#include "providers/s3/s3_client.h"

namespace osp::providers::s3 {

class S3Access {
 public:
  using S3Call = std::function<absl::Status(S3Client& s3)>;

  virtual ~S3Access() = default;

  // Runs `call` on the private endpoint with credentials allowed to act on `bucket`. `call` may
  // run more than once (a backend may replace a refused key and repeat it), so it must not
  // consume a stream. Missing bucket -> NOT_FOUND; otherwise `call`'s status.
  virtual absl::Status AsOwner(const std::string& bucket, const CallContext& ctx,
                               const S3Call& call) = 0;
  // A client for a single attempt on `bucket` (streamed transfers), on the private endpoint, or
  // on the public one for presigned URLs handed to clients.
  virtual absl::StatusOr<std::unique_ptr<S3Client>> ClientFor(const std::string& bucket,
                                                              bool public_endpoint,
                                                              const CallContext& ctx) = 0;
};

}  // namespace osp::providers::s3
