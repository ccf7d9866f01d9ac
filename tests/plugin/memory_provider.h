// MemoryProvider: the backend of the example plugin (backend type "memory"): buckets kept in
// process memory, with the capabilities and URLs its settings decide. It exists to show and test
// the plugin interface (providers/plugin_api.h), not to store data: users and objects are
// UNIMPLEMENTED. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "providers/backend_settings.h"
#include "providers/provider.h"
#include "providers/registry.h"

namespace osp::plugins::memory {

class MemoryProvider final : public providers::Provider {
 public:
  // Settings: public_url (required; bucket URLs are <public_url>/<bucket>), max_buckets
  // (default 0: no limit; more -> RESOURCE_EXHAUSTED), versioning (capability, default false),
  // secret `token` (optional; CheckBackend reports whether it is set, never its value).
  // Missing public_url -> INVALID_ARGUMENT "public_url: required".
  static absl::StatusOr<std::unique_ptr<providers::Provider>> Create(
      const providers::BackendSettings& settings, const providers::ProviderDeps& deps);

  providers::Capabilities GetCapabilities() const override;
  std::vector<providers::BackendEndpoint> Endpoints() const override;
  absl::StatusOr<std::vector<providers::BackendCheck>> CheckBackend(
      const providers::CallContext& ctx) override;

  absl::StatusOr<providers::UserResult> EnsureUser(const std::string& account_id,
                                                   const std::string& display_name,
                                                   const providers::CallContext& ctx) override;
  absl::Status DeleteUser(const std::string& account_id,
                          const providers::CallContext& ctx) override;
  absl::StatusOr<providers::Credentials> CreateAccessKey(
      const std::string& account_id, std::optional<absl::Duration> old_key_expiry,
      const providers::CallContext& ctx) override;
  absl::Status DeleteAccessKey(const std::string& account_id, const std::string& access_key_id,
                               const providers::CallContext& ctx) override;

  absl::StatusOr<providers::Bucket> CreateBucket(const providers::BucketSpec& spec,
                                                 const providers::CallContext& ctx) override;
  absl::StatusOr<providers::Bucket> GetBucket(const std::string& name,
                                              const providers::CallContext& ctx) override;
  absl::StatusOr<providers::BucketPage> ListBuckets(const std::string& owner, int32_t page_size,
                                                    const std::string& page_token,
                                                    const providers::CallContext& ctx) override;
  absl::StatusOr<providers::Bucket> UpdateBucket(const providers::BucketSpec& spec,
                                                 const providers::BucketUpdateMask& mask,
                                                 const providers::CallContext& ctx) override;
  absl::Status DeleteBucket(const std::string& name, bool force_empty,
                            const providers::CallContext& ctx) override;
  absl::StatusOr<std::vector<providers::BucketUsage>> GetUsage(
      const std::vector<std::string>& buckets, const std::string& owner,
      const providers::CallContext& ctx) override;

  absl::StatusOr<providers::ObjectPage> ListObjects(const std::string& bucket,
                                                    const providers::ListObjectsOptions& options,
                                                    const providers::CallContext& ctx) override;
  absl::StatusOr<providers::PutObjectResult> PutObject(const providers::PutObjectHeader& header,
                                                       const providers::ChunkReader& next_chunk,
                                                       const providers::CallContext& ctx) override;
  absl::Status GetObject(const providers::GetObjectRequest& request,
                         const std::function<absl::Status(const providers::ObjectInfo&)>& on_info,
                         const providers::ChunkWriter& write,
                         const providers::CallContext& ctx) override;
  absl::StatusOr<providers::DeleteObjectsResult> DeleteObjects(
      const std::string& bucket, const std::vector<providers::ObjectIdentifier>& objects,
      const providers::CallContext& ctx) override;
  absl::StatusOr<providers::PresignResult> PresignObject(
      const providers::PresignRequest& request, const providers::CallContext& ctx) override;

 private:
  MemoryProvider(std::string id, std::string public_url, int64_t max_buckets, bool versioning,
                 bool has_token);

  providers::Bucket ToBucket(const providers::BucketSpec& spec) const;

  const std::string id_;
  const std::string public_url_;
  const int64_t max_buckets_;
  const bool versioning_;
  const bool has_token_;
  mutable absl::Mutex mu_;
  std::map<std::string, providers::BucketSpec> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace osp::plugins::memory
