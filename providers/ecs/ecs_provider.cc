#include "providers/ecs/ecs_provider.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "providers/base/status_macros.h"

namespace osp::providers::ecs {
namespace {

bool IsCallerGone(const absl::Status& s) {
  return s.code() == absl::StatusCode::kDeadlineExceeded ||
         s.code() == absl::StatusCode::kCancelled;
}

// The status message, with the fix for the usual cause when it is a certificate problem.
std::string Explain(const absl::Status& s) {
  std::string message(s.message());
  const std::string lower = absl::AsciiStrToLower(message);
  if ((absl::StrContains(lower, "certificate") || absl::StrContains(lower, "self-signed") ||
       absl::StrContains(lower, "self signed")) &&
      !absl::StrContains(lower, "ca_file")) {
    absl::StrAppend(&message, ": TLS certificate not trusted: use ca_file or insecure_skip_verify");
  }
  return message;
}

}  // namespace

EcsProvider::EcsProvider(const EcsConfig& config, std::unique_ptr<http::HttpTransport> transport,
                         base::Clock* clock, base::Logger* logger)
    : config_(config),
      transport_(std::move(transport)),
      clock_(clock),
      mgmt_(config_, transport_.get(), clock, logger),
      users_(config_, &mgmt_, clock),
      s3_(config_, &mgmt_, &users_, transport_.get(), clock),
      objects_(&s3_, config_.max_presign_ttl),
      buckets_(config_, &mgmt_, &users_, &s3_, &objects_) {}

Capabilities EcsProvider::GetCapabilities() const {
  Capabilities c;
  c.encryption_at_create = true;
  c.encryption_update = false;
  c.versioning = true;
  c.object_lock = false;
  c.quota_bytes = true;
  c.quota_objects = false;
  c.canned_policies = true;
  c.raw_policy = true;
  c.usage = true;
  c.per_bucket_keys = false;
  c.key_rotation = true;
  c.presign = true;
  c.cors = true;
  c.tags = false;
  c.max_access_keys = 2;
  return c;
}

std::vector<BackendEndpoint> EcsProvider::Endpoints() const {
  return {{"management", config_.management_url},
          {"s3_public", config_.s3_public_url},
          {"s3_private", config_.s3_private_url}};
}

absl::StatusOr<std::vector<BackendCheck>> EcsProvider::CheckBackend(const CallContext& ctx) {
  std::vector<BackendCheck> checks;
  absl::Time start = clock_->Now();
  absl::Status login = mgmt_.EnsureSession(ctx);
  if (IsCallerGone(login)) return login;
  checks.push_back(
      {"login", login.ok(),
       login.ok() ? absl::StrCat("logged in as '", config_.username, "'") : Explain(login),
       clock_->Now() - start});
  if (login.ok()) {
    start = clock_->Now();
    absl::StatusOr<EcsNamespace> ns = mgmt_.GetNamespace(ctx);
    if (IsCallerGone(ns.status())) return ns.status();
    std::string message = absl::StrCat("namespace '", config_.namespace_name, "' found");
    if (absl::IsNotFound(ns.status())) {
      message = absl::StrCat("namespace '", config_.namespace_name, "' not found");
    } else if (!ns.ok()) {
      message = Explain(ns.status());
    }
    checks.push_back({"namespace", ns.ok(), message, clock_->Now() - start});
    ASSIGN_OR_RETURN(BackendCheck group, CheckReplicationGroup(ctx));
    checks.push_back(std::move(group));
  } else {
    checks.push_back({"namespace", false, "not checked: login failed", absl::ZeroDuration()});
    checks.push_back(
        {"replication_group", false, "not checked: login failed", absl::ZeroDuration()});
  }
  ASSIGN_OR_RETURN(BackendCheck s3, CheckS3(ctx));
  checks.push_back(std::move(s3));
  return checks;
}

absl::StatusOr<BackendCheck> EcsProvider::CheckReplicationGroup(const CallContext& ctx) {
  const absl::Time start = clock_->Now();
  BackendCheck check{"replication_group", false, "", absl::ZeroDuration()};
  if (config_.replication_group.empty()) {
    check.ok = true;
    check.message = "not configured: buckets go to the namespace's default replication group";
    return check;
  }
  absl::StatusOr<std::vector<EcsReplicationGroup>> groups = mgmt_.ListReplicationGroups(ctx);
  check.latency = clock_->Now() - start;
  if (IsCallerGone(groups.status())) return groups.status();
  if (!groups.ok()) {
    check.message = Explain(groups.status());
    return check;
  }
  for (const EcsReplicationGroup& g : *groups) {
    if (g.id == config_.replication_group || g.name == config_.replication_group) {
      check.ok = true;
      check.message = absl::StrCat("replication group '", g.name, "' (", g.id, ") found");
      return check;
    }
  }
  check.message = absl::StrCat("replication group '", config_.replication_group, "' not found");
  return check;
}

absl::StatusOr<BackendCheck> EcsProvider::CheckS3(const CallContext& ctx) {
  // Any HTTP answer shows the endpoint is up; an anonymous request is normally refused (403).
  http::HttpRequest request;
  request.method = "GET";
  request.url = absl::StrCat(config_.s3_private_url, "/");
  request.idempotent = true;
  request.operation = "ecs.CheckS3";
  const absl::Time start = clock_->Now();
  absl::StatusOr<http::HttpResponse> response = transport_->Send(request, ctx);
  BackendCheck check{"s3", false, "", clock_->Now() - start};
  if (IsCallerGone(response.status())) return response.status();
  if (!response.ok()) {
    check.message =
        absl::StrCat("S3 endpoint ", config_.s3_private_url, ": ", Explain(response.status()));
  } else if (response->status >= 500) {
    check.message =
        absl::StrCat("S3 endpoint ", config_.s3_private_url, " answered HTTP ", response->status);
  } else {
    check.ok = true;
    check.message =
        absl::StrCat("S3 endpoint ", config_.s3_private_url, " answered HTTP ", response->status);
  }
  return check;
}

absl::StatusOr<UserResult> EcsProvider::EnsureUser(const std::string& account_id,
                                                   const std::string& display_name,
                                                   const CallContext& ctx) {
  return users_.Ensure(account_id, ctx);
}

absl::Status EcsProvider::DeleteUser(const std::string& account_id, const CallContext& ctx) {
  return users_.Delete(account_id, ctx);
}

absl::StatusOr<Credentials> EcsProvider::CreateAccessKey(
    const std::string& account_id, std::optional<absl::Duration> old_key_expiry,
    const CallContext& ctx) {
  return users_.CreateKey(account_id, old_key_expiry, ctx);
}

absl::Status EcsProvider::DeleteAccessKey(const std::string& account_id,
                                          const std::string& access_key_id,
                                          const CallContext& ctx) {
  return users_.DeleteKey(account_id, access_key_id, ctx);
}

absl::StatusOr<Bucket> EcsProvider::CreateBucket(const BucketSpec& spec, const CallContext& ctx) {
  return buckets_.Create(spec, ctx);
}

absl::StatusOr<Bucket> EcsProvider::GetBucket(const std::string& name, const CallContext& ctx) {
  return buckets_.Get(name, ctx);
}

absl::StatusOr<BucketPage> EcsProvider::ListBuckets(const std::string& owner, int32_t page_size,
                                                    const std::string& page_token,
                                                    const CallContext& ctx) {
  return buckets_.List(owner, page_size, page_token, ctx);
}

absl::StatusOr<Bucket> EcsProvider::UpdateBucket(const BucketSpec& spec,
                                                 const BucketUpdateMask& mask,
                                                 const CallContext& ctx) {
  return buckets_.Update(spec, mask, ctx);
}

absl::Status EcsProvider::DeleteBucket(const std::string& name, bool force_empty,
                                       const CallContext& ctx) {
  return buckets_.Delete(name, force_empty, ctx);
}

absl::StatusOr<std::vector<BucketUsage>> EcsProvider::GetUsage(
    const std::vector<std::string>& buckets, const std::string& owner, const CallContext& ctx) {
  return buckets_.Usage(buckets, owner, ctx);
}

absl::StatusOr<ObjectPage> EcsProvider::ListObjects(const std::string& bucket,
                                                    const ListObjectsOptions& options,
                                                    const CallContext& ctx) {
  return objects_.List(bucket, options, ctx);
}

absl::StatusOr<PutObjectResult> EcsProvider::PutObject(const PutObjectHeader& header,
                                                       const ChunkReader& next_chunk,
                                                       const CallContext& ctx) {
  return objects_.Put(header, next_chunk, ctx);
}

absl::Status EcsProvider::GetObject(const GetObjectRequest& request,
                                    const std::function<absl::Status(const ObjectInfo&)>& on_info,
                                    const ChunkWriter& write, const CallContext& ctx) {
  return objects_.Get(request, on_info, write, ctx);
}

absl::StatusOr<DeleteObjectsResult> EcsProvider::DeleteObjects(
    const std::string& bucket, const std::vector<ObjectIdentifier>& objects,
    const CallContext& ctx) {
  return objects_.Delete(bucket, objects, ctx);
}

absl::StatusOr<PresignResult> EcsProvider::PresignObject(const PresignRequest& request,
                                                         const CallContext& ctx) {
  return objects_.Presign(request, ctx);
}

}  // namespace osp::providers::ecs
