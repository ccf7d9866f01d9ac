// MinioProvider: the Provider for one MinIO deployment. Users, policies, quota and usage through
// the admin API (MinioAdminClient), buckets and objects through S3 with the admin credentials,
// ownership in each user's canned policy; no local state. Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "providers/base/clock.h"
#include "providers/base/random_source.h"
#include "providers/http/http_transport.h"
#include "providers/minio/madmin_crypto.h"
#include "providers/minio/minio_admin_client.h"
#include "providers/minio/minio_buckets.h"
#include "providers/minio/minio_config.h"
#include "providers/minio/minio_s3_access.h"
#include "providers/minio/minio_users.h"
#include "providers/provider.h"
#include "providers/s3/object_plane.h"
#include "providers/s3/s3_client.h"

namespace osp::providers::minio {

class MinioProvider final : public Provider {
 public:
  // `transport` is this backend's own; `clock` outlives the provider.
  MinioProvider(MinioConfig config, std::unique_ptr<http::HttpTransport> transport,
                base::Clock* clock);
  MinioProvider(const MinioProvider&) = delete;
  MinioProvider& operator=(const MinioProvider&) = delete;

  Capabilities GetCapabilities() const override;
  std::vector<BackendEndpoint> Endpoints() const override;
  absl::StatusOr<std::vector<BackendCheck>> CheckBackend(const CallContext& ctx) override;

  absl::StatusOr<UserResult> EnsureUser(const std::string& account_id,
                                        const std::string& display_name,
                                        const CallContext& ctx) override;
  absl::Status DeleteUser(const std::string& account_id, const CallContext& ctx) override;
  absl::StatusOr<Credentials> CreateAccessKey(const std::string& account_id,
                                              std::optional<absl::Duration> old_key_expiry,
                                              const CallContext& ctx) override;
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
  absl::StatusOr<PresignResult> PresignObject(const PresignRequest& request,
                                              const CallContext& ctx) override;

 private:
  const MinioConfig config_;
  std::unique_ptr<http::HttpTransport> transport_;
  base::Clock* const clock_;
  base::SystemRandomSource random_;
  MadminCrypto crypto_;
  MinioAdminClient admin_;
  s3::S3Client admin_s3_;
  MinioUsers users_;
  MinioBuckets buckets_;
  MinioS3Access s3_access_;
  s3::ObjectPlane objects_;
};

}  // namespace osp::providers::minio
