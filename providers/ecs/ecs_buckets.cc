#include "providers/ecs/ecs_buckets.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "providers/base/status_macros.h"
#include "providers/ecs/ecs_error.h"
#include "providers/ecs/ecs_spec.h"

namespace osp::providers::ecs {
namespace {

constexpr int32_t kDefaultPage = 100;
constexpr int32_t kMaxPage = 1000;
constexpr int kOwnerNotValid = 40010;

std::string GiBText(const std::optional<int64_t>& gb) {
  return gb.has_value() ? absl::StrCat(*gb, " GiB") : "none";
}

const char* VersioningName(Versioning v) {
  switch (v) {
    case Versioning::kEnabled:
      return "enabled";
    case Versioning::kSuspended:
      return "suspended";
    case Versioning::kOff:
    case Versioning::kUnspecified:
      return "off";
  }
  return "off";
}

Versioning Effective(Versioning v) { return v == Versioning::kUnspecified ? Versioning::kOff : v; }

absl::Status Conflict(const std::string& bucket, absl::string_view what) {
  return absl::AlreadyExistsError(absl::StrCat("bucket '", bucket, "' already exists with ", what));
}

// Why an existing bucket does not match the create request; empty if it does.
std::string Difference(const EcsBucket& existing, const EcsBucketCreate& want) {
  if (existing.owner != want.owner) return "another owner";
  if (existing.encryption != want.encryption) {
    return absl::StrCat("encryption ", existing.encryption ? "on" : "off");
  }
  if (existing.quota.block_gb != want.quota.block_gb) {
    return absl::StrCat("quota ", GiBText(existing.quota.block_gb), " (requested ",
                        GiBText(want.quota.block_gb), ")");
  }
  if (!want.replication_group.empty() && !existing.replication_group.empty() &&
      existing.replication_group != want.replication_group) {
    return absl::StrCat("replication group ", existing.replication_group);
  }
  return "";
}

}  // namespace

EcsBuckets::EcsBuckets(const EcsConfig& config, EcsMgmtClient* mgmt, EcsUsers* users,
                       EcsS3Access* s3, s3::ObjectPlane* objects)
    : config_(config), mgmt_(mgmt), users_(users), s3_(s3), objects_(objects) {}

absl::StatusOr<std::string> EcsBuckets::ReplicationGroupId(const CallContext& ctx) {
  const std::string& wanted = config_.replication_group;
  if (wanted.empty() || absl::StartsWith(wanted, "urn:")) return wanted;
  {
    absl::MutexLock lock(&mu_);
    if (replication_group_id_.has_value()) return *replication_group_id_;
  }
  // Concurrent first creates share one lookup.
  return group_lookup_.Do(wanted, ctx, [&]() -> absl::StatusOr<std::string> {
    {
      // A lookup that ended between the check above and this one has filled the cache.
      absl::MutexLock lock(&mu_);
      if (replication_group_id_.has_value()) return *replication_group_id_;
    }
    ASSIGN_OR_RETURN(std::vector<EcsReplicationGroup> groups, mgmt_->ListReplicationGroups(ctx));
    std::vector<std::string> names;
    for (const EcsReplicationGroup& g : groups) {
      if (g.name == wanted) {
        absl::MutexLock lock(&mu_);
        replication_group_id_ = g.id;
        return g.id;
      }
      names.push_back(g.name);
    }
    return absl::NotFoundError(absl::StrCat(
        "replication_group: '", wanted, "' not found (known: ", absl::StrJoin(names, ", "), ")"));
  });
}

Bucket EcsBuckets::FromEcs(const EcsBucket& b) const {
  Bucket out;
  out.spec.name = b.name;
  out.spec.owner = users_->AccountOf(b.owner);
  out.spec.quota = FromEcsQuota(b.quota);
  out.spec.encryption = b.encryption ? Encryption::kSseS3 : Encryption::kNone;
  out.spec.object_lock = b.object_lock;
  out.spec.tags = b.tags;
  if (b.versioning_status == "Enabled") out.spec.versioning = Versioning::kEnabled;
  if (b.versioning_status == "Suspended") out.spec.versioning = Versioning::kSuspended;
  out.usage.bucket = b.name;
  out.public_url = absl::StrCat(config_.s3_public_url, "/", b.name);
  out.private_url = absl::StrCat(config_.s3_private_url, "/", b.name);
  absl::Time created;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, b.created, &created, &error)) out.created_at = created;
  return out;
}

absl::StatusOr<Bucket> EcsBuckets::Create(const BucketSpec& spec, const CallContext& ctx) {
  RETURN_IF_ERROR(CheckSupported(spec));
  EcsBucketCreate create;
  create.name = spec.name;
  create.owner = users_->UserName(spec.owner);
  ASSIGN_OR_RETURN(create.replication_group, ReplicationGroupId(ctx));
  create.encryption = spec.encryption == Encryption::kSseS3;
  create.quota = ToEcsQuota(spec.quota);

  absl::Status created = mgmt_->CreateBucket(create, ctx);
  if (EcsErrorCode(created) == kOwnerNotValid) {
    return absl::FailedPreconditionError(absl::StrCat(
        "owner '", spec.owner, "' has no object user '", create.owner, "' in namespace '",
        config_.namespace_name, "': call EnsureUser first (", created.message(), ")"));
  }
  const bool fresh = created.ok();
  EcsBucket info;
  if (absl::IsAlreadyExists(created)) {
    absl::StatusOr<EcsBucket> existing = mgmt_->GetBucket(spec.name, ctx);
    if (absl::IsNotFound(existing.status())) {
      return absl::AlreadyExistsError(
          absl::StrCat("bucket name '", spec.name, "' is taken outside namespace '",
                       config_.namespace_name, "' (", created.message(), ")"));
    }
    RETURN_IF_ERROR(existing.status());
    const std::string difference = Difference(*existing, create);
    if (!difference.empty()) return Conflict(spec.name, difference);
    info = *std::move(existing);
  } else if (!fresh) {
    return created;
  }
  s3_->RememberOwner(spec.name, create.owner);
  RETURN_IF_ERROR(ApplyS3Settings(spec, create.owner, fresh, ctx));
  if (fresh) {
    // ECS answers a create with the bucket's id and name only; its creation time (and the rest
    // of what GetBucket reports) takes one read. A failure here leaves a complete bucket that a
    // retry adopts. A node that has not seen the new bucket yet answers 404: a retry, not a
    // final NOT_FOUND for a bucket that exists.
    absl::StatusOr<EcsBucket> read = mgmt_->GetBucket(spec.name, ctx);
    if (absl::IsNotFound(read.status())) {
      return absl::UnavailableError(
          absl::StrCat("bucket '", spec.name, "' was created but cannot be read back yet"));
    }
    ASSIGN_OR_RETURN(info, std::move(read));
  }
  Bucket out = FromEcs(info);
  out.spec.versioning = Effective(spec.versioning);
  // As GetBucket will read it: a custom document that is the public-read one is public-read.
  out.spec.policy = PolicyFromDocument(PolicyDocument(spec.policy, spec.name), spec.name);
  out.spec.cors_rules = spec.cors_rules;
  return out;
}

absl::Status EcsBuckets::ApplyS3Settings(const BucketSpec& spec, const std::string& owner,
                                         bool fresh, const CallContext& ctx) {
  const Versioning want_versioning = Effective(spec.versioning);
  const std::optional<std::string> want_policy = PolicyDocument(spec.policy, spec.name);
  if (fresh && want_versioning == Versioning::kOff && !want_policy.has_value() &&
      spec.cors_rules.empty()) {
    return absl::OkStatus();  // Nothing on the S3 side: spare the owner's key and S3.
  }
  return s3_->AsUser(owner, spec.name, ctx, [&](s3::S3Client& s3) -> absl::Status {
    bool set_versioning = want_versioning != Versioning::kOff;
    bool set_policy = want_policy.has_value();
    bool set_cors = !spec.cors_rules.empty();
    if (!fresh) {
      // An earlier create may have stopped before these calls: finish what is missing, but
      // refuse settings that someone changed.
      ASSIGN_OR_RETURN(Versioning current, s3.GetBucketVersioning(spec.name, ctx));
      if (current == want_versioning) {
        set_versioning = false;
      } else if (current != Versioning::kOff) {
        return Conflict(spec.name, absl::StrCat("versioning ", VersioningName(current)));
      }
      ASSIGN_OR_RETURN(std::optional<std::string> document, s3.GetBucketPolicy(spec.name, ctx));
      const Policy current_policy = PolicyFromDocument(document, spec.name);
      if (SamePolicy(current_policy, spec.policy, spec.name)) {
        set_policy = false;
      } else if (current_policy.kind != PolicyKind::kPrivate) {
        return Conflict(spec.name, "a different bucket policy");
      }
      ASSIGN_OR_RETURN(std::vector<CorsRule> current_cors, s3.GetBucketCors(spec.name, ctx));
      if (SameCorsRules(current_cors, spec.cors_rules)) {
        set_cors = false;
      } else if (!current_cors.empty()) {
        return Conflict(spec.name, absl::StrCat("other CORS rules (", current_cors.size(), ")"));
      }
    }
    if (set_versioning) RETURN_IF_ERROR(s3.PutBucketVersioning(spec.name, want_versioning, ctx));
    if (set_policy) RETURN_IF_ERROR(s3.PutBucketPolicy(spec.name, *want_policy, ctx));
    if (set_cors) RETURN_IF_ERROR(s3.PutBucketCors(spec.name, spec.cors_rules, ctx));
    return absl::OkStatus();
  });
}

absl::Status EcsBuckets::ReadS3Settings(Bucket* bucket, const CallContext& ctx) {
  const std::string& name = bucket->spec.name;
  absl::Status read = s3_->AsOwner(name, ctx, [&](s3::S3Client& s3) -> absl::Status {
    if (bucket->spec.versioning == Versioning::kUnspecified) {
      ASSIGN_OR_RETURN(bucket->spec.versioning, s3.GetBucketVersioning(name, ctx));
    }
    ASSIGN_OR_RETURN(std::optional<std::string> document, s3.GetBucketPolicy(name, ctx));
    bucket->spec.policy = PolicyFromDocument(document, name);
    ASSIGN_OR_RETURN(bucket->spec.cors_rules, s3.GetBucketCors(name, ctx));
    return absl::OkStatus();
  });
  // An owner without a usable key (no object user any more, none or a hidden key): report what
  // ECS knows and leave the S3 settings unknown.
  return absl::IsFailedPrecondition(read) ? absl::OkStatus() : read;
}

absl::StatusOr<Bucket> EcsBuckets::Get(const std::string& name, const CallContext& ctx) {
  ASSIGN_OR_RETURN(EcsBucket info, mgmt_->GetBucket(name, ctx));
  s3_->RememberOwner(name, info.owner);
  Bucket out = FromEcs(info);
  absl::StatusOr<EcsBucketBilling> billing = mgmt_->GetBilling(name, ctx);
  if (billing.ok()) {
    out.usage.bytes = billing->bytes;
    out.usage.objects = billing->objects;
  } else if (!absl::IsNotFound(billing.status())) {
    return billing.status();  // Not sampled yet reads as zero; other failures are real.
  }
  RETURN_IF_ERROR(ReadS3Settings(&out, ctx));
  return out;
}

absl::StatusOr<BucketPage> EcsBuckets::List(const std::string& owner, int32_t page_size,
                                            const std::string& page_token, const CallContext& ctx) {
  const int32_t limit = page_size <= 0 ? kDefaultPage : std::min(page_size, kMaxPage);
  ASSIGN_OR_RETURN(EcsBucketPage page, mgmt_->ListBuckets(page_token, limit, ctx));
  const std::string owner_user = owner.empty() ? "" : users_->UserName(owner);
  BucketPage out;
  for (const EcsBucket& b : page.buckets) {
    if (!owner_user.empty() && b.owner != owner_user) continue;
    out.buckets.push_back(FromEcs(b));
  }
  out.next_page_token = page.next_marker;
  return out;
}

absl::Status EcsBuckets::UpdateQuota(const EcsBucket& current, const Quota& quota,
                                     const CallContext& ctx) {
  const EcsQuota want{ToEcsQuota(quota).block_gb, current.quota.notification_gb};
  if (want.block_gb == current.quota.block_gb) return absl::OkStatus();
  // ECS refuses a quota with neither limit: removing the last one is a DELETE.
  if (!want.block_gb.has_value() && !want.notification_gb.has_value()) {
    return mgmt_->DeleteQuota(current.name, ctx);
  }
  return mgmt_->SetQuota(current.name, want, ctx);
}

absl::StatusOr<Bucket> EcsBuckets::Update(const BucketSpec& spec, const BucketUpdateMask& mask,
                                          const CallContext& ctx) {
  if (mask.encryption) {
    return absl::InvalidArgumentError(
        "encryption: ECS encryption can only be set when the bucket is created");
  }
  if (mask.tags) {
    return absl::InvalidArgumentError("tags: bucket tags are not supported by the ECS backend");
  }
  BucketSpec changed;  // Only the fields being changed are checked.
  if (mask.quota) changed.quota = spec.quota;
  if (mask.policy) changed.policy = spec.policy;
  if (mask.cors_rules) changed.cors_rules = spec.cors_rules;
  RETURN_IF_ERROR(CheckSupported(changed));

  ASSIGN_OR_RETURN(EcsBucket current, mgmt_->GetBucket(spec.name, ctx));
  s3_->RememberOwner(spec.name, current.owner);
  if (mask.quota) RETURN_IF_ERROR(UpdateQuota(current, spec.quota, ctx));
  if (mask.versioning || mask.policy || mask.cors_rules) {
    RETURN_IF_ERROR(
        s3_->AsUser(current.owner, spec.name, ctx, [&](s3::S3Client& s3) -> absl::Status {
          if (mask.versioning) {
            const Versioning want = Effective(spec.versioning);
            if (want != Versioning::kOff) {
              RETURN_IF_ERROR(s3.PutBucketVersioning(spec.name, want, ctx));
            } else {
              ASSIGN_OR_RETURN(Versioning now, s3.GetBucketVersioning(spec.name, ctx));
              if (now != Versioning::kOff) {
                return absl::InvalidArgumentError(
                    absl::StrCat("versioning of bucket '", spec.name,
                                 "' cannot be turned off once enabled: set it to suspended"));
              }
            }
          }
          if (mask.policy) {
            const std::optional<std::string> document = PolicyDocument(spec.policy, spec.name);
            if (document.has_value()) {
              RETURN_IF_ERROR(s3.PutBucketPolicy(spec.name, *document, ctx));
            } else {
              RETURN_IF_ERROR(s3.DeleteBucketPolicy(spec.name, ctx));
            }
          }
          if (mask.cors_rules) {
            if (spec.cors_rules.empty()) {
              RETURN_IF_ERROR(s3.DeleteBucketCors(spec.name, ctx));
            } else {
              RETURN_IF_ERROR(s3.PutBucketCors(spec.name, spec.cors_rules, ctx));
            }
          }
          return absl::OkStatus();
        }));
  }
  return Get(spec.name, ctx);
}

absl::Status EcsBuckets::Delete(const std::string& name, bool force_empty, const CallContext& ctx) {
  absl::Status emptied;
  if (force_empty) {
    emptied = objects_->Empty(name, ctx);
    // NOT_FOUND (the bucket looks gone) and FAILED_PRECONDITION (it cannot be emptied: its owner
    // has no object user or key, or objects are retained) are not the answer yet: the deactivate
    // call decides, deleting an empty bucket, answering "not found" for a missing one and
    // refusing a non-empty one.
    if (!emptied.ok() && !absl::IsNotFound(emptied) && !absl::IsFailedPrecondition(emptied)) {
      return emptied;
    }
  }
  absl::Status deleted = mgmt_->DeactivateBucket(name, ctx);
  s3_->ForgetOwner(name);
  if (absl::IsNotFound(deleted)) return absl::OkStatus();
  if (absl::IsFailedPrecondition(deleted)) {
    if (absl::IsFailedPrecondition(emptied)) return emptied;  // Says why it is still not empty.
    return absl::FailedPreconditionError(
        absl::StrCat("bucket '", name, "' is not empty: delete its objects or use force_empty (",
                     deleted.message(), ")"));
  }
  return deleted;
}

absl::StatusOr<std::vector<BucketUsage>> EcsBuckets::Usage(const std::vector<std::string>& buckets,
                                                           const std::string& owner,
                                                           const CallContext& ctx) {
  std::vector<std::string> names = buckets;
  if (names.empty()) {
    const std::string owner_user = owner.empty() ? "" : users_->UserName(owner);
    std::string marker;
    do {
      ASSIGN_OR_RETURN(EcsBucketPage page, mgmt_->ListBuckets(marker, kMaxPage, ctx));
      for (const EcsBucket& b : page.buckets) {
        if (owner_user.empty() || b.owner == owner_user) names.push_back(b.name);
      }
      marker = page.next_marker;
    } while (!marker.empty());
  }
  std::vector<BucketUsage> usage;
  for (const std::string& name : names) {
    absl::StatusOr<EcsBucketBilling> billing = mgmt_->GetBilling(name, ctx);
    if (absl::IsNotFound(billing.status())) {
      return absl::NotFoundError(
          absl::StrCat("bucket '", name, "' not found (", billing.status().message(), ")"));
    }
    RETURN_IF_ERROR(billing.status());
    usage.push_back(BucketUsage{name, billing->bytes, billing->objects});
  }
  return usage;
}

}  // namespace osp::providers::ecs
