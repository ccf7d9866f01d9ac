// EcsObjects: the provider's object calls on ECS (list, upload, download, delete, presign, and
// emptying a bucket before its deletion), made over S3 as the bucket's owner through
// EcsS3Access. Contracts and error codes are those of providers/provider.h. Stateless; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "providers/base/call_context.h"
#include "providers/ecs/ecs_config.h"
#include "providers/ecs/ecs_s3_access.h"
#include "providers/types.h"

namespace osp::providers::ecs {

class EcsObjects final {
 public:
  // Objects or versions per listing request when emptying a bucket.
  static constexpr int32_t kEmptyBatch = 1000;

  // `s3` outlives this object.
  EcsObjects(const EcsConfig& config, EcsS3Access* s3);
  EcsObjects(const EcsObjects&) = delete;
  EcsObjects& operator=(const EcsObjects&) = delete;

  // Page tokens are S3's continuation token (objects) or an encoded key and version marker
  // (versions); a version token that does not decode -> INVALID_ARGUMENT.
  absl::StatusOr<ObjectPage> List(const std::string& bucket, const ListObjectsOptions& options,
                                  const CallContext& ctx);
  // Streams the upload (one PUT, or multipart above the S3 client's part size), checking the
  // declared size and SHA-256 before the object is committed.
  absl::StatusOr<PutObjectResult> Put(const PutObjectHeader& header, const ChunkReader& next_chunk,
                                      const CallContext& ctx);
  // Reads the object's metadata (HEAD) for `on_info`, then streams it (GET) to `write`.
  absl::Status Get(const GetObjectRequest& request,
                   const std::function<absl::Status(const ObjectInfo&)>& on_info,
                   const ChunkWriter& write, const CallContext& ctx);
  absl::StatusOr<DeleteObjectsResult> Delete(const std::string& bucket,
                                             const std::vector<ObjectIdentifier>& objects,
                                             const CallContext& ctx);
  // A URL on the public S3 endpoint signed with the owner's key. TTL outside 1 s ..
  // max_presign_ttl -> INVALID_ARGUMENT before any call. ECS has no key of its own to sign
  // with, so this reads the bucket owner and key from the management API (cached for a minute).
  absl::StatusOr<PresignResult> Presign(const PresignRequest& request, const CallContext& ctx);
  // Deletes every object version and delete marker. Missing bucket -> NOT_FOUND; objects S3
  // refuses to delete (retention) -> FAILED_PRECONDITION naming one of them.
  absl::Status Empty(const std::string& bucket, const CallContext& ctx);

 private:
  const EcsConfig config_;
  EcsS3Access* const s3_;
};

}  // namespace osp::providers::ecs
