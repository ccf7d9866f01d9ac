// ObjectPlane: the provider object calls (list, upload, download, delete, presign, and emptying a
// bucket before its deletion) over S3, for every backend: each backend supplies an S3Access that
// says with which credentials and endpoint a bucket is reached. Contracts and error codes are
// those of providers/provider.h. Stateless; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "providers/base/call_context.h"
#include "providers/s3/s3_access.h"
#include "providers/types.h"

namespace osp::providers::s3 {

class ObjectPlane final {
 public:
  // Objects or versions per listing request when emptying a bucket.
  static constexpr int32_t kEmptyBatch = 1000;

  // `s3` outlives this object. PresignObject grants TTLs up to `max_presign_ttl`.
  ObjectPlane(S3Access* s3, absl::Duration max_presign_ttl);
  ObjectPlane(const ObjectPlane&) = delete;
  ObjectPlane& operator=(const ObjectPlane&) = delete;

  // Page tokens are S3's continuation token (objects) or an encoded key and version marker
  // (versions); a version token that does not decode -> INVALID_ARGUMENT.
  absl::StatusOr<ObjectPage> List(const std::string& bucket, const ListObjectsOptions& options,
                                  const CallContext& ctx);
  // Streams the upload (one PUT, or multipart above the S3 client's part size), checking the
  // declared size and SHA-256 before the object is committed. `next_chunk` and the check run on
  // a ChunkPrefetcher thread, a few chunks ahead of the S3 send (Provider::PutObject).
  absl::StatusOr<PutObjectResult> Put(const PutObjectHeader& header, const ChunkReader& next_chunk,
                                      const CallContext& ctx);
  // Reads the object's metadata (HEAD) for `on_info`, then streams it (GET) to `write`, pinned
  // to HEAD's version and ETag: an object replaced in between -> ABORTED (retryable), with
  // nothing written.
  absl::Status Get(const GetObjectRequest& request,
                   const std::function<absl::Status(const ObjectInfo&)>& on_info,
                   const ChunkWriter& write, const CallContext& ctx);
  absl::StatusOr<DeleteObjectsResult> Delete(const std::string& bucket,
                                             const std::vector<ObjectIdentifier>& objects,
                                             const CallContext& ctx);
  // A URL on the public S3 endpoint signed with the owner's key. TTL outside 1 s ..
  // max_presign_ttl -> INVALID_ARGUMENT before any call.
  absl::StatusOr<PresignResult> Presign(const PresignRequest& request, const CallContext& ctx);
  // Deletes every object version and delete marker. Missing bucket -> NOT_FOUND; objects S3
  // refuses to delete (retention) -> FAILED_PRECONDITION naming one of them.
  absl::Status Empty(const std::string& bucket, const CallContext& ctx);

 private:
  S3Access* const s3_;
  const absl::Duration max_presign_ttl_;
};

}  // namespace osp::providers::s3
