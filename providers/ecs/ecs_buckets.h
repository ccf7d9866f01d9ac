// EcsBuckets: the provider's bucket calls on ECS. The management API creates, reads, lists and
// deletes buckets (owner, replication group, encryption, quota, usage); versioning, the bucket
// policy and CORS rules go through S3 as the bucket owner (EcsS3Access). Contracts and error codes
// are those of providers/provider.h. Keeps no state but the resolved replication group id.
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "providers/base/call_context.h"
#include "providers/ecs/ecs_config.h"
#include "providers/ecs/ecs_mgmt_client.h"
#include "providers/ecs/ecs_s3_access.h"
#include "providers/ecs/ecs_users.h"
#include "providers/ecs/single_flight.h"
#include "providers/s3/object_plane.h"
#include "providers/types.h"

namespace osp::providers::ecs {

class EcsBuckets final {
 public:
  // Every pointer outlives this object.
  EcsBuckets(const EcsConfig& config, EcsMgmtClient* mgmt, EcsUsers* users, EcsS3Access* s3,
             s3::ObjectPlane* objects);
  EcsBuckets(const EcsBuckets&) = delete;
  EcsBuckets& operator=(const EcsBuckets&) = delete;

  // Two management requests for a new bucket (the create, and a read for what ECS's answer to it
  // lacks, e.g. the creation time); versioning, policy and CORS rules add the owner's key (cached)
  // and one S3 request each. An existing bucket is compared: same owner, encryption, quota,
  // replication group, versioning, policy and CORS rules -> OK (a half-done earlier create is
  // completed); anything else -> ALREADY_EXISTS naming the difference.
  absl::StatusOr<Bucket> Create(const BucketSpec& spec, const CallContext& ctx);
  // Missing -> NOT_FOUND. A bucket whose owner has no usable key (its object user was deleted in
  // the ECS portal, the bucket belongs to a management user, or the key is hidden) is reported
  // with what the management API knows; versioning (unless ECS lists it), policy and CORS rules
  // stay kUnspecified / empty.
  absl::StatusOr<Bucket> Get(const std::string& name, const CallContext& ctx);
  // One page of the namespace's buckets (of `owner` only, when set). Versioning is reported where
  // ECS lists it (4.x `versioning_status`); otherwise it, the policy and CORS stay kUnspecified
  // (CORS: empty): no list call reports them, and reading them would cost three S3 requests per
  // bucket.
  absl::StatusOr<BucketPage> List(const std::string& owner, int32_t page_size,
                                  const std::string& page_token, const CallContext& ctx);
  // Quota through the management API; versioning, policy and CORS rules (an empty list deletes
  // them) through S3 as the owner; then the bucket as Get reads it. Missing -> NOT_FOUND; S3
  // settings of a bucket whose owner has no usable key -> FAILED_PRECONDITION naming the owner.
  absl::StatusOr<Bucket> Update(const BucketSpec& spec, const BucketUpdateMask& mask,
                                const CallContext& ctx);
  // Missing -> OK; not empty (without force_empty) -> FAILED_PRECONDITION. With force_empty, a
  // bucket that cannot be emptied (its owner has no object user or key, objects under retention)
  // is still deleted if it is empty, else FAILED_PRECONDITION saying why. Idempotent.
  absl::Status Delete(const std::string& name, bool force_empty, const CallContext& ctx);
  absl::StatusOr<std::vector<BucketUsage>> Usage(const std::vector<std::string>& buckets,
                                                 const std::string& owner, const CallContext& ctx);

  // The id of the configured replication group ("" = the namespace default), resolving a name
  // through the management API once. Unknown name -> NOT_FOUND naming it.
  absl::StatusOr<std::string> ReplicationGroupId(const CallContext& ctx);

 private:
  // The bucket as ECS reports it, with URLs and without S3-side settings.
  Bucket FromEcs(const EcsBucket& b) const;
  // Reads versioning, policy and CORS rules through S3 into `bucket` (left kUnspecified, CORS
  // empty, when the owner has no usable key).
  absl::Status ReadS3Settings(Bucket* bucket, const CallContext& ctx);
  // Sets versioning, policy and CORS rules of a new bucket, or checks and completes those of an
  // existing one.
  absl::Status ApplyS3Settings(const BucketSpec& spec, const std::string& owner, bool fresh,
                               const CallContext& ctx);
  absl::Status UpdateQuota(const EcsBucket& current, const Quota& quota, const CallContext& ctx);

  const EcsConfig config_;
  EcsMgmtClient* const mgmt_;
  EcsUsers* const users_;
  EcsS3Access* const s3_;
  s3::ObjectPlane* const objects_;
  absl::Mutex mu_;
  std::optional<std::string> replication_group_id_ ABSL_GUARDED_BY(mu_);
  SingleFlight<std::string> group_lookup_;
};

}  // namespace osp::providers::ecs
