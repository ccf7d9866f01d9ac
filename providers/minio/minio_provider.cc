#include "providers/minio/minio_provider.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "providers/base/status_macros.h"

namespace osp::providers::minio {
namespace {

s3::SigV4Credentials AdminCredentials(const MinioConfig& config) {
  return s3::SigV4Credentials{config.access_key, config.secret_key, {}};
}

// Runs `check` and records it with its latency; failures are results, not errors.
template <typename Fn>
BackendCheck Timed(base::Clock* clock, std::string name, Fn check) {
  const absl::Time start = clock->Now();
  absl::Status status = check();
  BackendCheck result;
  result.name = std::move(name);
  result.ok = status.ok();
  result.message = status.ok() ? "" : std::string(status.message());
  result.latency = clock->Now() - start;
  return result;
}

}  // namespace

MinioProvider::MinioProvider(MinioConfig config, std::unique_ptr<http::HttpTransport> transport,
                             base::Clock* clock)
    : config_(std::move(config)),
      transport_(std::move(transport)),
      clock_(clock),
      crypto_(&random_, clock_),
      admin_(config_.endpoint, AdminCredentials(config_), config_.region, transport_.get(), clock_,
             &crypto_),
      admin_s3_(s3::S3Endpoint{config_.endpoint, config_.region}, config_.access_key,
                config_.secret_key, transport_.get(), clock_),
      users_(config_, &admin_, clock_),
      buckets_(config_, &admin_, &users_, &admin_s3_),
      s3_access_(config_, &users_, &admin_s3_, transport_.get(), clock_),
      objects_(&s3_access_, config_.max_presign_ttl) {}

Capabilities MinioProvider::GetCapabilities() const {
  Capabilities c;
  c.encryption_at_create = true;
  c.encryption_update = true;
  c.versioning = true;
  c.object_lock = true;
  c.quota_bytes = true;
  c.canned_policies = true;
  c.raw_policy = true;
  c.usage = true;
  c.key_rotation = true;
  c.presign = true;
  c.max_access_keys = 0;  // Service accounts: no fixed limit.
  return c;
}

std::vector<BackendEndpoint> MinioProvider::Endpoints() const {
  return {{"admin", config_.endpoint},
          {"s3_private", config_.endpoint},
          {"s3_public", config_.s3_public_url}};
}

absl::StatusOr<std::vector<BackendCheck>> MinioProvider::CheckBackend(const CallContext& ctx) {
  std::vector<BackendCheck> checks;
  checks.push_back(Timed(clock_, "admin_api", [&] { return admin_.GetDataUsage(ctx).status(); }));
  checks.push_back(
      Timed(clock_, "s3_endpoint", [&] { return admin_s3_.ListBuckets(ctx).status(); }));
  if (ctx.cancelled()) return absl::CancelledError("CheckBackend cancelled");
  if (clock_->Now() >= ctx.deadline()) {
    return absl::DeadlineExceededError("CheckBackend ran past the caller's deadline");
  }
  return checks;
}

absl::StatusOr<UserResult> MinioProvider::EnsureUser(const std::string& account_id,
                                                     const std::string& display_name,
                                                     const CallContext& ctx) {
  return users_.Ensure(account_id, ctx);
}

absl::Status MinioProvider::DeleteUser(const std::string& account_id, const CallContext& ctx) {
  RETURN_IF_ERROR(buckets_.ForgetMissing(account_id, ctx));
  return users_.Delete(account_id, ctx);
}

absl::StatusOr<Credentials> MinioProvider::CreateAccessKey(
    const std::string& account_id, std::optional<absl::Duration> old_key_expiry,
    const CallContext& ctx) {
  return users_.CreateKey(account_id, ctx);
}

absl::Status MinioProvider::DeleteAccessKey(const std::string& account_id,
                                            const std::string& access_key_id,
                                            const CallContext& ctx) {
  return users_.DeleteKey(account_id, access_key_id, ctx);
}

absl::StatusOr<Bucket> MinioProvider::CreateBucket(const BucketSpec& spec, const CallContext& ctx) {
  return buckets_.Create(spec, ctx);
}

absl::StatusOr<Bucket> MinioProvider::GetBucket(const std::string& name, const CallContext& ctx) {
  return buckets_.Get(name, ctx);
}

absl::StatusOr<BucketPage> MinioProvider::ListBuckets(const std::string& owner, int32_t page_size,
                                                      const std::string& page_token,
                                                      const CallContext& ctx) {
  return buckets_.List(owner, page_size, page_token, ctx);
}

absl::StatusOr<Bucket> MinioProvider::UpdateBucket(const BucketSpec& spec,
                                                   const BucketUpdateMask& mask,
                                                   const CallContext& ctx) {
  return buckets_.Update(spec, mask, ctx);
}

absl::Status MinioProvider::DeleteBucket(const std::string& name, bool force_empty,
                                         const CallContext& ctx) {
  return buckets_.Delete(
      name, force_empty, [&] { return objects_.Empty(name, ctx); }, ctx);
}

absl::StatusOr<std::vector<BucketUsage>> MinioProvider::GetUsage(
    const std::vector<std::string>& buckets, const std::string& owner, const CallContext& ctx) {
  return buckets_.Usage(buckets, owner, ctx);
}

absl::StatusOr<ObjectPage> MinioProvider::ListObjects(const std::string& bucket,
                                                      const ListObjectsOptions& options,
                                                      const CallContext& ctx) {
  return objects_.List(bucket, options, ctx);
}

absl::StatusOr<PutObjectResult> MinioProvider::PutObject(const PutObjectHeader& header,
                                                         const ChunkReader& next_chunk,
                                                         const CallContext& ctx) {
  return objects_.Put(header, next_chunk, ctx);
}

absl::Status MinioProvider::GetObject(const GetObjectRequest& request,
                                      const std::function<absl::Status(const ObjectInfo&)>& on_info,
                                      const ChunkWriter& write, const CallContext& ctx) {
  return objects_.Get(request, on_info, write, ctx);
}

absl::StatusOr<DeleteObjectsResult> MinioProvider::DeleteObjects(
    const std::string& bucket, const std::vector<ObjectIdentifier>& objects,
    const CallContext& ctx) {
  return objects_.Delete(bucket, objects, ctx);
}

absl::StatusOr<PresignResult> MinioProvider::PresignObject(const PresignRequest& request,
                                                           const CallContext& ctx) {
  return objects_.Presign(request, ctx);
}

}  // namespace osp::providers::minio
