// MinioS3Access: S3Access for MinIO. The admin credentials reach every bucket, so object calls
// use them on the private endpoint; presigned URLs are signed with the bucket owner's own
// (derived) key on the public endpoint, so a shared link never carries admin authority. Only
// buckets ospd manages are reached: for any other (missing, or of another application on a
// shared MinIO) every call answers NOT_FOUND before touching it, as ECS does outside its
// namespace. That costs one admin request (list-canned-policies) per bucket and
// MinioUsers::kOwnerTtl (10 s): the owner is remembered for that long (MinioUsers::CachedOwnerOf),
// so a bucket that another daemon or the MinIO console deletes or hands to another account is
// seen up to kOwnerTtl late; this daemon's own creates and deletes are seen at once.
// Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "providers/base/clock.h"
#include "providers/http/http_transport.h"
#include "providers/minio/minio_config.h"
#include "providers/minio/minio_users.h"
#include "providers/minio/user_secret_deriver.h"
#include "providers/s3/s3_access.h"

namespace osp::providers::minio {

class MinioS3Access final : public s3::S3Access {
 public:
  // Every pointer outlives this object; `admin_s3` signs with the admin credentials.
  MinioS3Access(const MinioConfig& config, MinioUsers* users, s3::S3Client* admin_s3,
                http::HttpTransport* transport, base::Clock* clock);

  absl::Status AsOwner(const std::string& bucket, const CallContext& ctx,
                       const S3Call& call) override;
  absl::StatusOr<std::unique_ptr<s3::S3Client>> ClientFor(const std::string& bucket,
                                                          bool public_endpoint,
                                                          const CallContext& ctx) override;

 private:
  const MinioConfig config_;
  MinioUsers* const users_;
  s3::S3Client* const admin_s3_;
  http::HttpTransport* const transport_;
  base::Clock* const clock_;
  const UserSecretDeriver secrets_;
};

}  // namespace osp::providers::minio
