// Request validation: the syntax checks every RPC runs before it looks up the backend or calls a
// provider (required fields, S3 naming rules, sizes, enum ranges, limits of the contract).
// Each function returns OK or INVALID_ARGUMENT whose message starts with the path of the first
// bad field ("bucket.name: ...", "objects[3].key: ..."). Stateless; thread-safe.
#pragma once

#include "absl/status/status.h"
#include "osp/v1/provider.pb.h"

namespace osp::server {

absl::Status ValidateRequest(const v1::GetProviderInfoRequest& request);
absl::Status ValidateRequest(const v1::GetCapabilitiesRequest& request);
absl::Status ValidateRequest(const v1::CheckBackendRequest& request);

absl::Status ValidateRequest(const v1::EnsureUserRequest& request);
absl::Status ValidateRequest(const v1::DeleteUserRequest& request);
absl::Status ValidateRequest(const v1::CreateAccessKeyRequest& request);
absl::Status ValidateRequest(const v1::DeleteAccessKeyRequest& request);

absl::Status ValidateRequest(const v1::CreateBucketRequest& request);
absl::Status ValidateRequest(const v1::GetBucketRequest& request);
absl::Status ValidateRequest(const v1::ListBucketsRequest& request);
// Also the mask: non-empty, known paths only; then each selected field (versioning, encryption
// and policy kind must be given when selected). Of the unselected fields only the enums are
// checked (known values), so that the whole spec always converts.
absl::Status ValidateRequest(const v1::UpdateBucketRequest& request);
absl::Status ValidateRequest(const v1::DeleteBucketRequest& request);
absl::Status ValidateRequest(const v1::GetUsageRequest& request);

absl::Status ValidateRequest(const v1::ListObjectsRequest& request);
// The first message of a PutObject stream; paths start with "header.".
absl::Status ValidateRequest(const v1::PutObjectHeader& header);
absl::Status ValidateRequest(const v1::GetObjectRequest& request);
absl::Status ValidateRequest(const v1::DeleteObjectsRequest& request);
absl::Status ValidateRequest(const v1::PresignObjectRequest& request);

}  // namespace osp::server
