// EcsProvider: a Dell ECS (or ObjectScale) namespace as a providers::Provider. Users, keys,
// buckets, quota and usage go through the ECS management API (EcsMgmtClient, one shared
// session); versioning, policies and objects through S3 as each bucket's owner. Every call is
// scoped to the configured namespace. The daemon keeps no state: ECS is the source of truth,
// with owners and keys remembered for a minute at most. The contract of each method is in
// providers/provider.h; ECS specifics are in ecs_users.h, ecs_buckets.h and
// ecs_s3_access.h; object calls are the shared s3::ObjectPlane.
// Logs out of the management API when destroyed. Thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "providers/base/clock.h"
#include "providers/base/logger.h"
#include "providers/ecs/ecs_buckets.h"
#include "providers/ecs/ecs_config.h"
#include "providers/ecs/ecs_mgmt_client.h"
#include "providers/ecs/ecs_s3_access.h"
#include "providers/ecs/ecs_users.h"
#include "providers/http/http_transport.h"
#include "providers/provider.h"
#include "providers/s3/object_plane.h"

namespace osp::providers::ecs {

class EcsProvider final : public Provider {
 public:
  // `config` must be valid (EcsConfig::Validate). `clock` and `logger` outlive the provider.
  EcsProvider(const EcsConfig& config, std::unique_ptr<http::HttpTransport> transport,
              base::Clock* clock, base::Logger* logger);
  EcsProvider(const EcsProvider&) = delete;
  EcsProvider& operator=(const EcsProvider&) = delete;

  Capabilities GetCapabilities() const override;
  std::vector<BackendEndpoint> Endpoints() const override;
  // Checks "login", "namespace", "replication_group" and "s3".
  absl::StatusOr<std::vector<BackendCheck>> CheckBackend(const CallContext& ctx) override;

  absl::StatusOr<UserResult> EnsureUser(const std::string& account_id,
                                        const std::string& display_name,
                                        const CallContext& ctx) override;
  absl::Status DeleteUser(const std::string& account_id, const CallContext& ctx) override;
  absl::StatusOr<Credentials> CreateAccessKey(const std::string& account_id,
                                              std::optional<absl::Duration> old_key_expiry,
                                              const CallContext& ctx) override;
  // ECS keys all share the user name as access key id: this removes the user's older key.
  absl::Status DeleteAccessKey(const std::string& account_id, const std::string& access_key_id,
                               const CallContext& ctx) override;

  absl::StatusOr<Bucket> CreateBucket(const BucketSpec& spec, const CallContext& ctx) override;
  absl::StatusOr<Bucket> GetBucket(const std::string& name, const CallContext& ctx) override;
  absl::StatusOr<BucketPage> ListBuckets(const std::string& owner, int32_t page_size,
                                         const std::string& page_token,
                                         const CallContext& ctx) override;
  absl::StatusOr<Bucket> UpdateBucket(const BucketSpec& spec, const BucketUpdateMask& mask,
                                      const CallContext& ctx) override;
  absl::Status DeleteBucket(const std::string& name, bool force_empty,
                            const CallContext& ctx) override;
  absl::StatusOr<std::vector<BucketUsage>> GetUsage(const std::vector<std::string>& buckets,
                                                    const std::string& owner,
                                                    const CallContext& ctx) override;

  absl::StatusOr<ObjectPage> ListObjects(const std::string& bucket,
                                         const ListObjectsOptions& options,
                                         const CallContext& ctx) override;
  absl::StatusOr<PutObjectResult> PutObject(const PutObjectHeader& header,
                                            const ChunkReader& next_chunk,
                                            const CallContext& ctx) override;
  absl::Status GetObject(const GetObjectRequest& request,
                         const std::function<absl::Status(const ObjectInfo&)>& on_info,
                         const ChunkWriter& write, const CallContext& ctx) override;
  absl::StatusOr<DeleteObjectsResult> DeleteObjects(const std::string& bucket,
                                                    const std::vector<ObjectIdentifier>& objects,
                                                    const CallContext& ctx) override;
  // Needs the bucket owner's key, which only the management API knows (cached for a minute):
  // unlike the interface's "no backend call", a cold cache costs two management requests.
  absl::StatusOr<PresignResult> PresignObject(const PresignRequest& request,
                                              const CallContext& ctx) override;

  // Management API logins so far (metrics, tests).
  int64_t logins() const { return mgmt_.logins(); }

 private:
  // One check each; an error only when the caller's deadline passed or it cancelled.
  absl::StatusOr<BackendCheck> CheckReplicationGroup(const CallContext& ctx);
  absl::StatusOr<BackendCheck> CheckS3(const CallContext& ctx);

  const EcsConfig config_;
  const std::unique_ptr<http::HttpTransport> transport_;
  base::Clock* const clock_;
  EcsMgmtClient mgmt_;
  EcsUsers users_;
  EcsS3Access s3_;
  s3::ObjectPlane objects_;
  EcsBuckets buckets_;
};

}  // namespace osp::providers::ecs
