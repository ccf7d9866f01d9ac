// Conversions between the object messages of osp.v1 (ObjectInfo, listing, upload header, range,
// delete, presign) and providers/types.h. ToProto(PresignResult) is the one place a presigned URL
// leaves its Secret wrapper on its way to the caller. Errors are INVALID_ARGUMENT with a message
// starting with the field path. Stateless; thread-safe.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "osp/v1/provider.pb.h"
#include "providers/types.h"

namespace osp::server {

// Page size used when a ListObjectsRequest leaves it 0.
inline constexpr int32_t kDefaultObjectPageSize = 1000;
// TTL used when a PresignObjectRequest leaves it unset.
inline constexpr absl::Duration kDefaultPresignTtl = absl::Minutes(15);

providers::ObjectInfo FromProto(const v1::ObjectInfo& info);
v1::ObjectInfo ToProto(const providers::ObjectInfo& info);

// Everything of the request but backend and bucket; page_size 0 becomes the default.
providers::ListObjectsOptions FromProto(const v1::ListObjectsRequest& request);
providers::ObjectPage FromProto(const v1::ListObjectsResponse& response);
v1::ListObjectsResponse ToProto(const providers::ObjectPage& page);

// Everything of the header but backend.
providers::PutObjectHeader FromProto(const v1::PutObjectHeader& header);
v1::PutObjectHeader ToProto(const providers::PutObjectHeader& header);
providers::PutObjectResult FromProto(const v1::PutObjectResponse& response);
v1::PutObjectResponse ToProto(const providers::PutObjectResult& result);

providers::ByteRange FromProto(const v1::ByteRange& range);
v1::ByteRange ToProto(const providers::ByteRange& range);
// Everything of the request but backend; an unset range reads the whole object.
providers::GetObjectRequest FromProto(const v1::GetObjectRequest& request);

providers::ObjectIdentifier FromProto(const v1::ObjectIdentifier& id);
v1::ObjectIdentifier ToProto(const providers::ObjectIdentifier& id);
providers::DeleteObjectError FromProto(const v1::DeleteObjectError& error);
v1::DeleteObjectError ToProto(const providers::DeleteObjectError& error);
providers::DeleteObjectsResult FromProto(const v1::DeleteObjectsResponse& response);
v1::DeleteObjectsResponse ToProto(const providers::DeleteObjectsResult& result);

// PRESIGN_METHOD_UNSPECIFIED and unknown values -> INVALID_ARGUMENT.
absl::StatusOr<providers::PresignMethod> FromProto(v1::PresignMethod method);
v1::PresignMethod ToProto(providers::PresignMethod method);
// Everything of the request but backend; an unset ttl becomes the default. A missing or unknown
// method -> INVALID_ARGUMENT "method: ...".
absl::StatusOr<providers::PresignRequest> FromProto(const v1::PresignObjectRequest& request);
providers::PresignResult FromProto(const v1::PresignObjectResponse& response);
// Reveals the URL into the message (marked (osp.v1.secret), so never logged).
v1::PresignObjectResponse ToProto(const providers::PresignResult& result);

}  // namespace osp::server
