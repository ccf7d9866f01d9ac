#include "providers/minio/minio_buckets.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "providers/base/status_macros.h"
#include "providers/minio/minio_bucket_spec.h"
#include "providers/s3/bucket_policy.h"

namespace osp::providers::minio {
namespace {

// The bucket's usage from the scanner's last pass; zero for a bucket it has not seen yet.
BucketUsage UsageOf(const std::string& bucket,
                    const std::map<std::string, MinioBucketUsage>& usage) {
  BucketUsage out;
  out.bucket = bucket;
  if (auto it = usage.find(bucket); it != usage.end()) {
    out.bytes = it->second.size;
    out.objects = it->second.objects;
  }
  return out;
}

}  // namespace

MinioBuckets::MinioBuckets(const MinioConfig& config, MinioAdminClient* admin, MinioUsers* users,
                           s3::S3Client* s3)
    : config_(config), admin_(admin), users_(users), s3_(s3) {}

Bucket MinioBuckets::WithUrls(Bucket bucket) const {
  bucket.public_url = absl::StrCat(config_.s3_public_url, "/", bucket.spec.name);
  bucket.private_url = absl::StrCat(config_.endpoint, "/", bucket.spec.name);
  return bucket;
}

absl::Mutex& MinioBuckets::CreateLockFor(const std::string& name) {
  return create_locks_[std::hash<std::string>{}(name) % create_locks_.size()];
}

absl::StatusOr<Bucket> MinioBuckets::Create(const BucketSpec& spec, const CallContext& ctx) {
  RETURN_IF_ERROR(CheckSupported(spec, CreateMask(spec)));
  if (spec.object_lock && spec.versioning == Versioning::kSuspended) {
    return absl::InvalidArgumentError(
        "bucket.versioning: a bucket with object lock cannot suspend versioning");
  }
  RETURN_IF_ERROR(users_->RequireUser(spec.owner, ctx));
  // Two creates of one name would both find the bucket missing, and the second would then find
  // the bucket the first made and refuse it (CreateMissing).
  absl::MutexLock lock(&CreateLockFor(spec.name));
  absl::Status head = s3_->HeadBucket(spec.name, ctx);
  if (absl::IsNotFound(head)) return CreateMissing(spec, ctx);
  RETURN_IF_ERROR(head);
  ASSIGN_OR_RETURN(std::optional<std::string> owner, users_->OwnerOf(spec.name, ctx));
  if (!owner.has_value()) {
    return absl::AlreadyExistsError(
        absl::StrCat("bucket '", spec.name, "' already exists and is not managed by ospd"));
  }
  if (*owner != spec.owner) {
    return absl::AlreadyExistsError(
        absl::StrCat("bucket '", spec.name, "' belongs to another account"));
  }
  return CompleteExisting(spec, ctx);
}

absl::StatusOr<Bucket> MinioBuckets::CompleteExisting(const BucketSpec& spec,
                                                      const CallContext& ctx) {
  Bucket current;
  current.spec.name = spec.name;
  current.spec.owner = spec.owner;
  RETURN_IF_ERROR(ReadSettings(&current, ctx));
  ASSIGN_OR_RETURN(BucketUpdateMask todo, Remaining(spec, current.spec));
  RETURN_IF_ERROR(Apply(spec, todo, ctx));
  // The earlier create made the bucket, which may hold objects by now.
  ASSIGN_OR_RETURN(auto usage, admin_->GetDataUsage(ctx));
  return Completed(spec, usage);
}

absl::StatusOr<Bucket> MinioBuckets::CreateMissing(const BucketSpec& spec, const CallContext& ctx) {
  // Ownership first: a crash after it leaves a record that the retry completes.
  ASSIGN_OR_RETURN(const bool claimed_now, users_->AddBucket(spec.owner, spec.name, ctx));
  // Another account that found the bucket missing too (through another daemon) has claimed it
  // as well, or will see this claim: at most one of the two goes on, and a retry settles it.
  ASSIGN_OR_RETURN(std::set<std::string> claimants, users_->Claimants(spec.name, ctx));
  claimants.erase(spec.owner);
  if (!claimants.empty()) {
    RETURN_IF_ERROR(users_->RemoveBucket(spec.owner, spec.name, ctx));
    return absl::AlreadyExistsError(
        absl::StrCat("bucket '", spec.name, "' belongs to another account"));
  }
  s3::CreateBucketOptions options;
  options.object_lock = spec.object_lock;
  // MinIO answers "already owned by you" for any bucket the admin key can see. The bucket was
  // missing a moment ago and no other account claims it, so one that exists now was made
  // outside ospd: it is refused rather than handed to the owner.
  options.refuse_existing = true;
  absl::Status created = s3_->CreateBucket(spec.name, options, ctx);
  if (absl::IsAlreadyExists(created)) {
    // The claim is from an earlier create of this account, whose S3 create made the bucket
    // after this one's HEAD (it outlived its caller's deadline): adopted, as a retry must.
    if (!claimed_now) return CompleteExisting(spec, ctx);
    RETURN_IF_ERROR(users_->RemoveBucket(spec.owner, spec.name, ctx));
    return absl::AlreadyExistsError(absl::StrCat(
        "bucket '", spec.name, "' was created outside ospd meanwhile and is not managed by ospd"));
  }
  RETURN_IF_ERROR(created);
  RETURN_IF_ERROR(Apply(spec, CreateMask(spec), ctx));
  return Completed(spec, {});
}

Bucket MinioBuckets::Completed(const BucketSpec& spec,
                               const std::map<std::string, MinioBucketUsage>& usage) const {
  Bucket bucket;
  bucket.spec = Settled(spec);
  bucket.usage = UsageOf(spec.name, usage);
  return WithUrls(std::move(bucket));
}

absl::Status MinioBuckets::Apply(const BucketSpec& spec, const BucketUpdateMask& mask,
                                 const CallContext& ctx) {
  if (mask.versioning && spec.versioning != Versioning::kOff) {
    RETURN_IF_ERROR(s3_->PutBucketVersioning(spec.name, spec.versioning, ctx));
  }
  if (mask.encryption) {
    RETURN_IF_ERROR(spec.encryption == Encryption::kSseS3
                        ? s3_->PutBucketEncryption(spec.name, Encryption::kSseS3, ctx)
                        : s3_->DeleteBucketEncryption(spec.name, ctx));
  }
  if (mask.policy) {
    std::optional<std::string> document = s3::PolicyDocument(spec.policy, spec.name);
    RETURN_IF_ERROR(document.has_value() ? s3_->PutBucketPolicy(spec.name, *document, ctx)
                                         : s3_->DeleteBucketPolicy(spec.name, ctx));
  }
  if (mask.quota) RETURN_IF_ERROR(admin_->SetBucketQuota(spec.name, spec.quota.max_bytes, ctx));
  return absl::OkStatus();
}

absl::Status MinioBuckets::ReadSettings(Bucket* bucket, const CallContext& ctx) {
  const std::string& name = bucket->spec.name;
  ASSIGN_OR_RETURN(bucket->spec.versioning, s3_->GetBucketVersioning(name, ctx));
  ASSIGN_OR_RETURN(bucket->spec.encryption, s3_->GetBucketEncryption(name, ctx));
  ASSIGN_OR_RETURN(s3::ObjectLockConfiguration lock, s3_->GetObjectLockConfiguration(name, ctx));
  bucket->spec.object_lock = lock.enabled;
  ASSIGN_OR_RETURN(std::optional<std::string> policy, s3_->GetBucketPolicy(name, ctx));
  bucket->spec.policy = s3::PolicyFromDocument(policy, name);
  ASSIGN_OR_RETURN(bucket->spec.quota.max_bytes, admin_->GetBucketQuota(name, ctx));
  return absl::OkStatus();
}

absl::StatusOr<Bucket> MinioBuckets::Get(const std::string& name, const CallContext& ctx) {
  RETURN_IF_ERROR(s3_->HeadBucket(name, ctx));
  Bucket bucket;
  bucket.spec.name = name;
  ASSIGN_OR_RETURN(bucket.spec.owner, users_->ManagedOwnerOf(name, ctx));
  RETURN_IF_ERROR(ReadSettings(&bucket, ctx));
  ASSIGN_OR_RETURN(auto usage, admin_->GetDataUsage(ctx));
  bucket.usage = UsageOf(name, usage);
  return WithUrls(std::move(bucket));
}

absl::StatusOr<BucketPage> MinioBuckets::List(const std::string& owner, int32_t page_size,
                                              const std::string& page_token,
                                              const CallContext& ctx) {
  std::string after;
  if (!page_token.empty() && !absl::WebSafeBase64Unescape(page_token, &after)) {
    return absl::InvalidArgumentError("page_token: not a token of this backend");
  }
  ASSIGN_OR_RETURN(std::vector<s3::BucketEntry> entries, s3_->ListBuckets(ctx));
  // A list of one owner reads only its record, so that another account's record edited by hand
  // does not refuse it; a list of all reads every record.
  std::map<std::string, std::string> owners;
  if (owner.empty()) {
    ASSIGN_OR_RETURN(owners, users_->Owners(ctx));
  } else {
    ASSIGN_OR_RETURN(std::set<std::string> owned, users_->BucketsOf(owner, ctx));
    for (const std::string& name : owned) owners[name] = owner;
  }
  std::sort(entries.begin(), entries.end(),
            [](const s3::BucketEntry& a, const s3::BucketEntry& b) { return a.name < b.name; });
  BucketPage page;
  for (const s3::BucketEntry& entry : entries) {
    if (entry.name <= after && !after.empty()) continue;
    auto it = owners.find(entry.name);
    if (it == owners.end()) continue;  // Not managed by ospd.
    const std::string& bucket_owner = it->second;
    if (!owner.empty() && bucket_owner != owner) continue;
    if (static_cast<int32_t>(page.buckets.size()) == page_size) {
      page.next_page_token = absl::WebSafeBase64Escape(page.buckets.back().spec.name);
      break;
    }
    Bucket bucket;
    bucket.spec.name = entry.name;
    bucket.spec.owner = bucket_owner;
    bucket.usage.bucket = entry.name;
    bucket.created_at = entry.created_at;
    page.buckets.push_back(WithUrls(std::move(bucket)));
  }
  return page;
}

absl::StatusOr<Bucket> MinioBuckets::Update(const BucketSpec& spec, const BucketUpdateMask& mask,
                                            const CallContext& ctx) {
  RETURN_IF_ERROR(CheckSupported(spec, mask));
  RETURN_IF_ERROR(s3_->HeadBucket(spec.name, ctx));
  RETURN_IF_ERROR(users_->ManagedOwnerOf(spec.name, ctx).status());
  // Only a versioning change depends on the current settings; nothing else is read first.
  if (mask.versioning && spec.versioning == Versioning::kOff) {
    ASSIGN_OR_RETURN(Versioning current, s3_->GetBucketVersioning(spec.name, ctx));
    if (current != Versioning::kOff) {
      return absl::InvalidArgumentError(
          "bucket.versioning: versioning cannot be turned off once enabled; use suspended");
    }
  }
  if (mask.versioning && spec.versioning == Versioning::kSuspended) {
    ASSIGN_OR_RETURN(s3::ObjectLockConfiguration lock,
                     s3_->GetObjectLockConfiguration(spec.name, ctx));
    if (lock.enabled) {
      return absl::InvalidArgumentError(
          "bucket.versioning: a bucket with object lock cannot suspend versioning");
    }
  }
  RETURN_IF_ERROR(Apply(spec, mask, ctx));
  return Get(spec.name, ctx);
}

absl::Status MinioBuckets::Delete(const std::string& name, bool force_empty,
                                  const std::function<absl::Status()>& empty,
                                  const CallContext& ctx) {
  ASSIGN_OR_RETURN(std::optional<std::string> owner, users_->OwnerOf(name, ctx));
  absl::Status head = s3_->HeadBucket(name, ctx);
  if (head.ok()) {
    if (!owner.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "bucket '", name, "' exists and is not managed by ospd: it was left as it is"));
    }
    if (force_empty) RETURN_IF_ERROR(empty());
    absl::Status deleted = s3_->DeleteBucket(name, ctx);
    if (absl::IsFailedPrecondition(deleted)) {
      return absl::FailedPreconditionError(
          absl::StrCat("bucket '", name, "' is not empty: delete its objects or use force_empty"));
    }
    if (!deleted.ok() && !absl::IsNotFound(deleted)) return deleted;
  } else if (!absl::IsNotFound(head)) {
    return head;
  }
  return owner.has_value() ? users_->RemoveBucket(*owner, name, ctx) : absl::OkStatus();
}

absl::StatusOr<std::vector<BucketUsage>> MinioBuckets::Usage(
    const std::vector<std::string>& buckets, const std::string& owner, const CallContext& ctx) {
  std::vector<std::string> names = buckets;
  if (names.empty() && !owner.empty()) {
    ASSIGN_OR_RETURN(std::set<std::string> owned, users_->BucketsOf(owner, ctx));
    names.assign(owned.begin(), owned.end());
  } else {
    ASSIGN_OR_RETURN(auto owners, users_->Owners(ctx));
    for (const std::string& name : names) {
      if (owners.count(name) == 0) {
        return absl::NotFoundError(
            absl::StrCat("bucket '", name, "' not found among the buckets ospd manages"));
      }
    }
    if (names.empty()) {
      ASSIGN_OR_RETURN(std::vector<s3::BucketEntry> entries, s3_->ListBuckets(ctx));
      for (const s3::BucketEntry& entry : entries) {
        if (owners.count(entry.name) > 0) names.push_back(entry.name);
      }
    }
  }
  ASSIGN_OR_RETURN(auto usage, admin_->GetDataUsage(ctx));
  std::vector<BucketUsage> result;
  for (const std::string& name : names) {
    BucketUsage u;
    u.bucket = name;
    if (auto it = usage.find(name); it != usage.end()) {
      u.bytes = it->second.size;
      u.objects = it->second.objects;
    } else if (!buckets.empty()) {
      // Not scanned yet, or missing: only a missing bucket is an error.
      RETURN_IF_ERROR(s3_->HeadBucket(name, ctx));
    } else if (!owner.empty()) {
      // Owned on record only: a create that died before the bucket existed.
      absl::Status head = s3_->HeadBucket(name, ctx);
      if (absl::IsNotFound(head)) continue;
      RETURN_IF_ERROR(head);
    }
    result.push_back(std::move(u));
  }
  return result;
}

absl::Status MinioBuckets::ForgetMissing(const std::string& account, const CallContext& ctx) {
  ASSIGN_OR_RETURN(std::set<std::string> owned, users_->BucketsOf(account, ctx));
  for (const std::string& name : owned) {
    absl::Status head = s3_->HeadBucket(name, ctx);
    if (absl::IsNotFound(head)) {
      RETURN_IF_ERROR(users_->RemoveBucket(account, name, ctx));
    } else {
      RETURN_IF_ERROR(head);
    }
  }
  return absl::OkStatus();
}

}  // namespace osp::providers::minio
