#include "tests/plugin/memory_provider.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "providers/base/status_macros.h"

namespace osp::plugins::memory {
namespace {

absl::Status Unimplemented(absl::string_view what) {
  return absl::UnimplementedError(absl::StrCat("memory backend: no ", what));
}

bool SameSpec(const providers::BucketSpec& a, const providers::BucketSpec& b) {
  return a.owner == b.owner && a.quota == b.quota && a.versioning == b.versioning &&
         a.tags == b.tags;
}

}  // namespace

absl::StatusOr<std::unique_ptr<providers::Provider>> MemoryProvider::Create(
    const providers::BackendSettings& settings, const providers::ProviderDeps& deps) {
  ASSIGN_OR_RETURN(std::string public_url, settings.GetString("public_url"));
  if (public_url.empty()) return absl::InvalidArgumentError("public_url: required");
  ASSIGN_OR_RETURN(int64_t max_buckets, settings.GetInt("max_buckets", 0));
  ASSIGN_OR_RETURN(bool versioning, settings.GetBool("versioning", false));
  return std::unique_ptr<providers::Provider>(
      new MemoryProvider(settings.id, std::move(public_url), max_buckets, versioning,
                         settings.secrets.count("token") > 0));
}

MemoryProvider::MemoryProvider(std::string id, std::string public_url, int64_t max_buckets,
                               bool versioning, bool has_token)
    : id_(std::move(id)),
      public_url_(std::move(public_url)),
      max_buckets_(max_buckets),
      versioning_(versioning),
      has_token_(has_token) {}

providers::Capabilities MemoryProvider::GetCapabilities() const {
  providers::Capabilities capabilities;
  capabilities.versioning = versioning_;
  capabilities.tags = true;
  capabilities.quota_bytes = true;
  return capabilities;
}

std::vector<providers::BackendEndpoint> MemoryProvider::Endpoints() const {
  return {{"s3_public", public_url_}};
}

absl::StatusOr<std::vector<providers::BackendCheck>> MemoryProvider::CheckBackend(
    const providers::CallContext&) {
  return std::vector<providers::BackendCheck>{
      {"memory", true, has_token_ ? "token set" : "no token", absl::ZeroDuration()}};
}

absl::StatusOr<providers::UserResult> MemoryProvider::EnsureUser(const std::string&,
                                                                 const std::string&,
                                                                 const providers::CallContext&) {
  return Unimplemented("users");
}

absl::Status MemoryProvider::DeleteUser(const std::string&, const providers::CallContext&) {
  return Unimplemented("users");
}

absl::StatusOr<providers::Credentials> MemoryProvider::CreateAccessKey(
    const std::string&, std::optional<absl::Duration>, const providers::CallContext&) {
  return Unimplemented("users");
}

absl::Status MemoryProvider::DeleteAccessKey(const std::string&, const std::string&,
                                             const providers::CallContext&) {
  return Unimplemented("users");
}

providers::Bucket MemoryProvider::ToBucket(const providers::BucketSpec& spec) const {
  providers::Bucket bucket;
  bucket.spec = spec;
  bucket.usage.bucket = spec.name;
  bucket.public_url = absl::StrCat(public_url_, "/", spec.name);
  bucket.private_url = bucket.public_url;
  return bucket;
}

absl::StatusOr<providers::Bucket> MemoryProvider::CreateBucket(const providers::BucketSpec& spec,
                                                               const providers::CallContext&) {
  if (spec.object_lock) return absl::InvalidArgumentError("memory backend: no object lock");
  if (spec.versioning == providers::Versioning::kEnabled && !versioning_) {
    return absl::InvalidArgumentError(
        absl::StrCat("backend '", id_, "': versioning is off in its settings"));
  }
  absl::MutexLock lock(&mu_);
  auto it = buckets_.find(spec.name);
  if (it != buckets_.end()) {
    if (SameSpec(it->second, spec)) return ToBucket(it->second);
    return absl::AlreadyExistsError(
        absl::StrCat("bucket '", spec.name, "' exists with another owner or spec"));
  }
  if (max_buckets_ > 0 && static_cast<int64_t>(buckets_.size()) >= max_buckets_) {
    return absl::ResourceExhaustedError(
        absl::StrCat("backend '", id_, "' holds at most ", max_buckets_, " buckets"));
  }
  buckets_[spec.name] = spec;
  return ToBucket(spec);
}

absl::StatusOr<providers::Bucket> MemoryProvider::GetBucket(const std::string& name,
                                                            const providers::CallContext&) {
  absl::MutexLock lock(&mu_);
  auto it = buckets_.find(name);
  if (it == buckets_.end()) {
    return absl::NotFoundError(absl::StrCat("bucket '", name, "' not found"));
  }
  return ToBucket(it->second);
}

absl::StatusOr<providers::BucketPage> MemoryProvider::ListBuckets(const std::string& owner,
                                                                  int32_t page_size,
                                                                  const std::string& page_token,
                                                                  const providers::CallContext&) {
  providers::BucketPage page;
  absl::MutexLock lock(&mu_);
  // The token is the last name of the previous page.
  for (auto it = buckets_.upper_bound(page_token); it != buckets_.end(); ++it) {
    if (!owner.empty() && it->second.owner != owner) continue;
    if (static_cast<int32_t>(page.buckets.size()) == page_size) {
      page.next_page_token = page.buckets.back().spec.name;
      break;
    }
    page.buckets.push_back(ToBucket(it->second));
  }
  return page;
}

absl::StatusOr<providers::Bucket> MemoryProvider::UpdateBucket(const providers::BucketSpec&,
                                                               const providers::BucketUpdateMask&,
                                                               const providers::CallContext&) {
  return Unimplemented("bucket updates");
}

absl::Status MemoryProvider::DeleteBucket(const std::string& name, bool,
                                          const providers::CallContext&) {
  absl::MutexLock lock(&mu_);
  buckets_.erase(name);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<providers::BucketUsage>> MemoryProvider::GetUsage(
    const std::vector<std::string>&, const std::string&, const providers::CallContext&) {
  return Unimplemented("usage");
}

absl::StatusOr<providers::ObjectPage> MemoryProvider::ListObjects(
    const std::string&, const providers::ListObjectsOptions&, const providers::CallContext&) {
  return Unimplemented("objects");
}

absl::StatusOr<providers::PutObjectResult> MemoryProvider::PutObject(
    const providers::PutObjectHeader&, const providers::ChunkReader&,
    const providers::CallContext&) {
  return Unimplemented("objects");
}

absl::Status MemoryProvider::GetObject(
    const providers::GetObjectRequest&,
    const std::function<absl::Status(const providers::ObjectInfo&)>&, const providers::ChunkWriter&,
    const providers::CallContext&) {
  return Unimplemented("objects");
}

absl::StatusOr<providers::DeleteObjectsResult> MemoryProvider::DeleteObjects(
    const std::string&, const std::vector<providers::ObjectIdentifier>&,
    const providers::CallContext&) {
  return Unimplemented("objects");
}

absl::StatusOr<providers::PresignResult> MemoryProvider::PresignObject(
    const providers::PresignRequest&, const providers::CallContext&) {
  return Unimplemented("presigned URLs");
}

}  // namespace osp::plugins::memory
