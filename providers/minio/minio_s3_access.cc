#include "providers/minio/minio_s3_access.h"

#include "providers/base/status_macros.h"

namespace osp::providers::minio {

MinioS3Access::MinioS3Access(const MinioConfig& config, MinioUsers* users, s3::S3Client* admin_s3,
                             http::HttpTransport* transport, base::Clock* clock)
    : config_(config),
      users_(users),
      admin_s3_(admin_s3),
      transport_(transport),
      clock_(clock),
      secrets_(config.user_secret_seed, config.backend_id) {}

absl::Status MinioS3Access::AsOwner(const std::string& bucket, const CallContext& ctx,
                                    const S3Call& call) {
  RETURN_IF_ERROR(users_->CachedOwnerOf(bucket, ctx).status());
  // The call runs with the admin key whoever the owner is: a bucket deleted meanwhile (through
  // another daemon) answers NOT_FOUND from S3 itself, so a NOT_FOUND (most often a missing
  // object) does not drop the remembered owner.
  return call(*admin_s3_);
}

absl::StatusOr<std::unique_ptr<s3::S3Client>> MinioS3Access::ClientFor(const std::string& bucket,
                                                                       bool public_endpoint,
                                                                       const CallContext& ctx) {
  ASSIGN_OR_RETURN(std::string owner, users_->CachedOwnerOf(bucket, ctx));
  if (!public_endpoint) {
    return std::make_unique<s3::S3Client>(s3::S3Endpoint{config_.endpoint, config_.region},
                                          config_.access_key, config_.secret_key, transport_,
                                          clock_);
  }
  const std::string user = users_->UserName(owner);
  return std::make_unique<s3::S3Client>(s3::S3Endpoint{config_.s3_public_url, config_.region}, user,
                                        secrets_.Derive(user), transport_, clock_);
}

}  // namespace osp::providers::minio
