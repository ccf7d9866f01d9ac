#include "server/request_validator.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "providers/base/status_macros.h"
#include "server/bucket_convert.h"
#include "server/field_path.h"
#include "server/field_rules.h"

namespace osp::server {
namespace {

constexpr size_t kMaxDisplayNameBytes = 256;
constexpr size_t kMaxPrefixBytes = 1024;
constexpr size_t kMaxContentTypeBytes = 256;
constexpr size_t kMaxBackendIdBytes = 128;
// Tokens are opaque (the backend's marker or continuation token) but travel in a URL query or
// an XML body: text of bounded size.
constexpr size_t kMaxPageTokenBytes = 4096;
constexpr absl::Duration kMaxKeyExpiry = absl::Hours(365 * 24);

absl::Status CheckBackend(const std::string& backend) {
  RETURN_IF_ERROR(CheckRequired("backend", backend));
  return CheckText("backend", backend, kMaxBackendIdBytes);
}

absl::Status CheckSha256Hex(absl::string_view path, absl::string_view hex) {
  if (hex.empty()) return absl::OkStatus();
  if (hex.size() != 64) return FieldError(path, "must be 64 hex digits");
  for (char c : hex) {
    if (!absl::ascii_isxdigit(c)) return FieldError(path, "must be 64 hex digits");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateRequest(const v1::GetProviderInfoRequest&) { return absl::OkStatus(); }

absl::Status ValidateRequest(const v1::GetCapabilitiesRequest& request) {
  return CheckBackend(request.backend());
}

absl::Status ValidateRequest(const v1::CheckBackendRequest& request) {
  return CheckBackend(request.backend());
}

absl::Status ValidateRequest(const v1::EnsureUserRequest& request) {
  RETURN_IF_ERROR(CheckBackend(request.backend()));
  RETURN_IF_ERROR(CheckAccountId("account_id", request.account_id()));
  return CheckText("display_name", request.display_name(), kMaxDisplayNameBytes);
}

absl::Status ValidateRequest(const v1::DeleteUserRequest& request) {
  RETURN_IF_ERROR(CheckBackend(request.backend()));
  return CheckAccountId("account_id", request.account_id());
}

absl::Status ValidateRequest(const v1::CreateAccessKeyRequest& request) {
  RETURN_IF_ERROR(CheckBackend(request.backend()));
  RETURN_IF_ERROR(CheckAccountId("account_id", request.account_id()));
  if (!request.has_old_key_expiry()) return absl::OkStatus();
  return CheckDuration("old_key_expiry", request.old_key_expiry(), absl::ZeroDuration(),
                       kMaxKeyExpiry);
}

absl::Status ValidateRequest(const v1::DeleteAccessKeyRequest& request) {
  RETURN_IF_ERROR(CheckBackend(request.backend()));
  RETURN_IF_ERROR(CheckAccountId("account_id", request.account_id()));
  return CheckAccessKeyId("access_key_id", request.access_key_id());
}

absl::Status ValidateRequest(const v1::CreateBucketRequest& request) {
  RETURN_IF_ERROR(CheckBackend(request.backend()));
  const v1::BucketSpec& spec = request.bucket();
  RETURN_IF_ERROR(CheckBucketName("bucket.name", spec.name()));
  RETURN_IF_ERROR(CheckAccountId("bucket.owner", spec.owner()));
  RETURN_IF_ERROR(CheckQuota("bucket.quota", spec.quota()));
  RETURN_IF_ERROR(CheckVersioning("bucket.versioning", spec.versioning(), /*required=*/false));
  RETURN_IF_ERROR(CheckEncryption("bucket.encryption", spec.encryption(), /*required=*/false));
  RETURN_IF_ERROR(CheckPolicy("bucket.policy", spec.policy(), /*require_kind=*/false));
  RETURN_IF_ERROR(CheckTags("bucket.tags", spec.tags()));
  return CheckCorsRules("bucket.cors_rules", spec.cors_rules());
}

absl::Status ValidateRequest(const v1::GetBucketRequest& request) {
  RETURN_IF_ERROR(CheckBackend(request.backend()));
  return CheckBucketName("name", request.name());
}

absl::Status ValidateRequest(const v1::ListBucketsRequest& request) {
  RETURN_IF_ERROR(CheckBackend(request.backend()));
  RETURN_IF_ERROR(CheckOptionalAccountId("owner", request.owner()));
  RETURN_IF_ERROR(CheckPageSize("page_size", request.page_size()));
  return CheckText("page_token", request.page_token(), kMaxPageTokenBytes);
}

absl::Status ValidateRequest(const v1::UpdateBucketRequest& request) {
  RETURN_IF_ERROR(CheckBackend(request.backend()));
  const v1::BucketSpec& spec = request.bucket();
  RETURN_IF_ERROR(CheckBucketName("bucket.name", spec.name()));
  if (request.update_mask().paths().empty()) {
    return FieldError("update_mask", "must name at least one field");
  }
  ASSIGN_OR_RETURN(const providers::BucketUpdateMask mask,
                   PrefixFieldPath("update_mask", FromProto(request.update_mask())));
  if (mask.quota) RETURN_IF_ERROR(CheckQuota("bucket.quota", spec.quota()));
  RETURN_IF_ERROR(CheckVersioning("bucket.versioning", spec.versioning(), mask.versioning));
  if (mask.policy) {
    RETURN_IF_ERROR(CheckPolicy("bucket.policy", spec.policy(), /*require_kind=*/true));
  } else {
    RETURN_IF_ERROR(CheckPolicyKind("bucket.policy.kind", spec.policy().kind(), false));
  }
  RETURN_IF_ERROR(CheckEncryption("bucket.encryption", spec.encryption(), mask.encryption));
  if (mask.tags) RETURN_IF_ERROR(CheckTags("bucket.tags", spec.tags()));
  if (mask.cors_rules) RETURN_IF_ERROR(CheckCorsRules("bucket.cors_rules", spec.cors_rules()));
  return absl::OkStatus();
}

absl::Status ValidateRequest(const v1::DeleteBucketRequest& request) {
  RETURN_IF_ERROR(CheckBackend(request.backend()));
  return CheckBucketName("name", request.name());
}

absl::Status ValidateRequest(const v1::GetUsageRequest& request) {
  RETURN_IF_ERROR(CheckBackend(request.backend()));
  if (request.buckets_size() > kMaxUsageBuckets) {
    return FieldError("buckets", absl::StrCat("more than ", kMaxUsageBuckets, " buckets"));
  }
  for (int i = 0; i < request.buckets_size(); ++i) {
    RETURN_IF_ERROR(CheckBucketName(IndexedPath("buckets", i), request.buckets(i)));
  }
  return CheckOptionalAccountId("owner", request.owner());
}

absl::Status ValidateRequest(const v1::ListObjectsRequest& request) {
  RETURN_IF_ERROR(CheckBackend(request.backend()));
  RETURN_IF_ERROR(CheckBucketName("bucket", request.bucket()));
  RETURN_IF_ERROR(CheckText("prefix", request.prefix(), kMaxPrefixBytes));
  RETURN_IF_ERROR(CheckText("delimiter", request.delimiter(), kMaxPrefixBytes));
  RETURN_IF_ERROR(CheckPageSize("page_size", request.page_size()));
  return CheckText("page_token", request.page_token(), kMaxPageTokenBytes);
}

absl::Status ValidateRequest(const v1::PutObjectHeader& header) {
  RETURN_IF_ERROR(CheckRequired("header.backend", header.backend()));
  RETURN_IF_ERROR(CheckText("header.backend", header.backend(), kMaxBackendIdBytes));
  RETURN_IF_ERROR(CheckBucketName("header.bucket", header.bucket()));
  RETURN_IF_ERROR(CheckObjectKey("header.key", header.key()));
  RETURN_IF_ERROR(CheckText("header.content_type", header.content_type(), kMaxContentTypeBytes));
  RETURN_IF_ERROR(CheckMetadata("header.metadata", header.metadata()));
  if (header.has_size() && (header.size() < 0 || header.size() > kMaxObjectSize)) {
    return FieldError("header.size", "must be within 0 to 5 TiB");
  }
  return CheckSha256Hex("header.sha256", header.sha256());
}

absl::Status ValidateRequest(const v1::GetObjectRequest& request) {
  RETURN_IF_ERROR(CheckBackend(request.backend()));
  RETURN_IF_ERROR(CheckBucketName("bucket", request.bucket()));
  RETURN_IF_ERROR(CheckObjectKey("key", request.key()));
  RETURN_IF_ERROR(CheckVersionId("version_id", request.version_id()));
  if (request.range().offset() < 0) return FieldError("range.offset", "must not be negative");
  if (request.range().length() < 0) return FieldError("range.length", "must not be negative");
  return absl::OkStatus();
}

absl::Status ValidateRequest(const v1::DeleteObjectsRequest& request) {
  RETURN_IF_ERROR(CheckBackend(request.backend()));
  RETURN_IF_ERROR(CheckBucketName("bucket", request.bucket()));
  if (request.objects().empty()) return FieldError("objects", "required");
  if (request.objects_size() > kMaxDeleteObjects) {
    return FieldError("objects", absl::StrCat("more than ", kMaxDeleteObjects, " objects"));
  }
  for (int i = 0; i < request.objects_size(); ++i) {
    const std::string path = IndexedPath("objects", i);
    RETURN_IF_ERROR(CheckObjectKey(path + ".key", request.objects(i).key()));
    RETURN_IF_ERROR(CheckVersionId(path + ".version_id", request.objects(i).version_id()));
  }
  return absl::OkStatus();
}

absl::Status ValidateRequest(const v1::PresignObjectRequest& request) {
  RETURN_IF_ERROR(CheckBackend(request.backend()));
  RETURN_IF_ERROR(CheckBucketName("bucket", request.bucket()));
  RETURN_IF_ERROR(CheckObjectKey("key", request.key()));
  if (request.method() == v1::PRESIGN_METHOD_UNSPECIFIED) {
    return FieldError("method", "required (PRESIGN_METHOD_GET or PRESIGN_METHOD_PUT)");
  }
  if (!v1::PresignMethod_IsValid(request.method())) {
    return FieldError("method", absl::StrCat("unknown value ", request.method()));
  }
  if (request.has_ttl()) {
    RETURN_IF_ERROR(CheckDuration("ttl", request.ttl(), kMinPresignTtl, kMaxPresignTtl));
  }
  return CheckVersionId("version_id", request.version_id());
}

}  // namespace osp::server
