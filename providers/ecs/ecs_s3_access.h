// EcsS3Access: runs S3 calls on ECS as a bucket's owner. Only the owner may change versioning and
// ECS gives the management user no S3 identity, so every S3 call signs with the owner's key (read
// through EcsUsers, cached for a minute) and bucket owners are remembered for a minute too
// (forgotten when the bucket is gone or its remembered owner has no object user). A key
// S3 refuses (InvalidAccessKeyId / SignatureDoesNotMatch) is read again from ECS; a key that is
// new to S3 (ECS nodes take up to 2 minutes to learn it) is retried with backoff within the
// caller's deadline. Thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "providers/base/call_context.h"
#include "providers/base/clock.h"
#include "providers/base/expiring_map.h"
#include "providers/ecs/ecs_config.h"
#include "providers/ecs/ecs_mgmt_client.h"
#include "providers/ecs/ecs_users.h"
#include "providers/http/http_transport.h"
#include "providers/s3/s3_access.h"
#include "providers/s3/s3_client.h"

namespace osp::providers::ecs {

class EcsS3Access final : public s3::S3Access {
 public:
  // How long bucket owners are remembered, and how long a freshly created key may take to work.
  static constexpr absl::Duration kOwnerTtl = absl::Seconds(60);
  static constexpr size_t kMaxOwners = 4096;
  static constexpr absl::Duration kKeyPropagation = absl::Minutes(2);

  // Every pointer outlives this object.
  EcsS3Access(const EcsConfig& config, EcsMgmtClient* mgmt, EcsUsers* users,
              http::HttpTransport* transport, base::Clock* clock);
  EcsS3Access(const EcsS3Access&) = delete;
  EcsS3Access& operator=(const EcsS3Access&) = delete;

  // Runs `call` against the private S3 endpoint with the key of object user `user`, the owner of
  // `bucket`. `call` may run more than once (a refused key is replaced and the call repeated), so
  // it must be repeatable: never pass one that consumes a stream. Errors: `call`'s, or KeyOf's,
  // except that an owner without an object user (deleted in the ECS portal, or a management
  // user) is FAILED_PRECONDITION naming the owner and the bucket: NOT_FOUND always means a
  // missing bucket or object. A key S3 still refuses after being read again is retried with
  // backoff for up to kKeyPropagation: refused that long -> UNAUTHENTICATED; the caller's
  // deadline ending the wait first -> UNAVAILABLE (retry later); cancelled -> CANCELLED.
  absl::Status AsUser(const std::string& user, const std::string& bucket, const CallContext& ctx,
                      const S3Call& call);
  // The same as the owner of `bucket`. Missing bucket -> NOT_FOUND.
  absl::Status AsOwner(const std::string& bucket, const CallContext& ctx,
                       const S3Call& call) override;
  // A client of the owner of `bucket`, for a single attempt (streamed uploads), on the private
  // endpoint, or the public one for presigned URLs handed to clients. Missing bucket ->
  // NOT_FOUND; an owner without an object user or key -> FAILED_PRECONDITION.
  absl::StatusOr<std::unique_ptr<s3::S3Client>> ClientFor(const std::string& bucket,
                                                          bool public_endpoint,
                                                          const CallContext& ctx) override;
  // The owner (object user) of `bucket`. Missing -> NOT_FOUND.
  absl::StatusOr<std::string> OwnerOf(const std::string& bucket, const CallContext& ctx);
  // Records what a bucket call just learned, or forgets a deleted bucket.
  void RememberOwner(const std::string& bucket, const std::string& user);
  void ForgetOwner(const std::string& bucket);

 private:
  std::unique_ptr<s3::S3Client> Client(const Credentials& credentials, bool public_endpoint) const;
  // KeyOf(`user`), the owner of `bucket`, with a missing user as FAILED_PRECONDITION.
  absl::StatusOr<Credentials> OwnerKey(const std::string& user, const std::string& bucket,
                                       const CallContext& ctx);

  const EcsConfig config_;
  EcsMgmtClient* const mgmt_;
  EcsUsers* const users_;
  http::HttpTransport* const transport_;
  base::Clock* const clock_;
  base::ExpiringMap<std::string> owners_;
};

}  // namespace osp::providers::ecs
