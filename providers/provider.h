// Provider: one configured storage backend (an ECS namespace, a MinIO deployment). The gRPC
// service validates requests, resolves the backend id and calls exactly one method here; the
// provider talks to its backend and returns domain values or a canonical status.
//
// Implementations are thread-safe: the service calls them from many threads at once.
// Every method honours ctx.deadline() and ctx.cancelled() for all backend calls it makes.
// Inputs arrive validated for syntax (bucket names, key lengths, enum ranges); a provider checks
// only what depends on its backend. Unless a method says otherwise, backend failures map as:
// unreachable / 5xx / reset -> UNAVAILABLE, deadline -> DEADLINE_EXCEEDED, credentials refused
// after one re-login -> UNAUTHENTICATED, 403 -> PERMISSION_DENIED. Messages never hold a secret.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "providers/base/call_context.h"
#include "providers/types.h"

namespace osp::providers {

using base::CallContext;

class Provider {
 public:
  virtual ~Provider() = default;

  // Static facts; never fail, no backend call.
  virtual Capabilities GetCapabilities() const = 0;
  // Endpoints for GetProviderInfo; never secrets.
  virtual std::vector<BackendEndpoint> Endpoints() const = 0;

  // Runs every check (login, namespace, S3 endpoint, ...) and reports each with its latency.
  // Failures are reported in the result, not as a status; a status is returned only when the
  // call itself could not run (cancelled, deadline exceeded). Read-only.
  virtual absl::StatusOr<std::vector<BackendCheck>> CheckBackend(const CallContext& ctx) = 0;

  // Creates the object user of `account_id` if missing and returns its credentials. Idempotent:
  // every call returns the same key pair and never creates a second key.
  virtual absl::StatusOr<UserResult> EnsureUser(const std::string& account_id,
                                                const std::string& display_name,
                                                const CallContext& ctx) = 0;
  // Deletes the user and its keys. Missing user -> OK. A user still owning buckets ->
  // FAILED_PRECONDITION naming them. Idempotent.
  virtual absl::Status DeleteUser(const std::string& account_id, const CallContext& ctx) = 0;
  // Adds a key for rotation. Missing user -> NOT_FOUND; no free key slot -> FAILED_PRECONDITION.
  // `old_key_expiry` (when set) bounds the life of the key being replaced, where supported.
  virtual absl::StatusOr<Credentials> CreateAccessKey(const std::string& account_id,
                                                      std::optional<absl::Duration> old_key_expiry,
                                                      const CallContext& ctx) = 0;
  // Removes one key. Missing key -> OK; missing user -> NOT_FOUND. Idempotent.
  virtual absl::Status DeleteAccessKey(const std::string& account_id,
                                       const std::string& access_key_id,
                                       const CallContext& ctx) = 0;

  // Creates `spec.name` owned by `spec.owner` (whose user must exist: else FAILED_PRECONDITION).
  // Idempotent: an existing bucket with the same owner and spec returns OK; one that differs or
  // belongs to someone else returns ALREADY_EXISTS. Options the backend cannot honour return
  // INVALID_ARGUMENT before any backend call.
  virtual absl::StatusOr<Bucket> CreateBucket(const BucketSpec& spec, const CallContext& ctx) = 0;
  // The bucket as stored on the backend. Missing -> NOT_FOUND.
  virtual absl::StatusOr<Bucket> GetBucket(const std::string& name, const CallContext& ctx) = 0;
  // Buckets in the backend's scope, optionally only those of `owner` (an account id).
  // `page_token` is opaque (from a previous page). Bad token -> INVALID_ARGUMENT.
  virtual absl::StatusOr<BucketPage> ListBuckets(const std::string& owner, int32_t page_size,
                                                 const std::string& page_token,
                                                 const CallContext& ctx) = 0;
  // Applies the fields of `spec` selected by `mask` to bucket `spec.name`. Missing -> NOT_FOUND;
  // a change the backend cannot make -> INVALID_ARGUMENT with the reason. Idempotent.
  virtual absl::StatusOr<Bucket> UpdateBucket(const BucketSpec& spec, const BucketUpdateMask& mask,
                                              const CallContext& ctx) = 0;
  // Deletes the bucket; with `force_empty`, every object version and delete marker first.
  // Not empty (without force) -> FAILED_PRECONDITION naming the bucket. Missing -> OK.
  virtual absl::Status DeleteBucket(const std::string& name, bool force_empty,
                                    const CallContext& ctx) = 0;
  // Usage of the named buckets (all in scope, or all of `owner`, when `buckets` is empty).
  // A named bucket that is missing -> NOT_FOUND.
  virtual absl::StatusOr<std::vector<BucketUsage>> GetUsage(const std::vector<std::string>& buckets,
                                                            const std::string& owner,
                                                            const CallContext& ctx) = 0;

  // One page of objects or versions. Missing bucket -> NOT_FOUND. Read-only.
  virtual absl::StatusOr<ObjectPage> ListObjects(const std::string& bucket,
                                                 const ListObjectsOptions& options,
                                                 const CallContext& ctx) = 0;
  // Uploads the data `next_chunk` yields. On any error or cancellation nothing is left behind
  // (multipart uploads are aborted). A SHA-256 or size mismatch -> INVALID_ARGUMENT (object not
  // stored); quota exceeded -> RESOURCE_EXHAUSTED. Memory use does not grow with object size.
  // `next_chunk` may be called from another thread than the caller's, one call at a time, and
  // PutObject returns only after its last call has returned: after a backend failure it waits
  // for the caller's next chunk, the end of its stream, or its deadline.
  virtual absl::StatusOr<PutObjectResult> PutObject(const PutObjectHeader& header,
                                                    const ChunkReader& next_chunk,
                                                    const CallContext& ctx) = 0;
  // Streams the object (or range) to `write`, after `on_info` has received its metadata.
  // Missing bucket/key/version -> NOT_FOUND; bad range -> OUT_OF_RANGE; the object replaced
  // between reading its metadata and its data -> ABORTED (a new call reads the new object).
  virtual absl::Status GetObject(const GetObjectRequest& request,
                                 const std::function<absl::Status(const ObjectInfo&)>& on_info,
                                 const ChunkWriter& write, const CallContext& ctx) = 0;
  // Deletes keys (or versions). Missing keys count as deleted. Idempotent.
  virtual absl::StatusOr<DeleteObjectsResult> DeleteObjects(
      const std::string& bucket, const std::vector<ObjectIdentifier>& objects,
      const CallContext& ctx) = 0;
  // A presigned URL on the public S3 endpoint. TTL above the configured maximum ->
  // INVALID_ARGUMENT. No backend call.
  virtual absl::StatusOr<PresignResult> PresignObject(const PresignRequest& request,
                                                      const CallContext& ctx) = 0;
};

}  // namespace osp::providers
