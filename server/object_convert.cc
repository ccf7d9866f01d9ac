#include "server/object_convert.h"

#include "absl/strings/str_cat.h"
#include "providers/base/status_macros.h"
#include "server/field_path.h"
#include "server/time_convert.h"

namespace osp::server {

providers::ObjectInfo FromProto(const v1::ObjectInfo& info) {
  providers::ObjectInfo out;
  out.key = info.key();
  out.size = info.size();
  out.etag = info.etag();
  if (info.has_last_modified()) out.last_modified = FromProto(info.last_modified());
  out.content_type = info.content_type();
  out.version_id = info.version_id();
  out.is_latest = info.is_latest();
  out.delete_marker = info.delete_marker();
  out.storage_class = info.storage_class();
  out.metadata.insert(info.metadata().begin(), info.metadata().end());
  return out;
}

v1::ObjectInfo ToProto(const providers::ObjectInfo& info) {
  v1::ObjectInfo out;
  out.set_key(info.key);
  out.set_size(info.size);
  out.set_etag(info.etag);
  if (info.last_modified.has_value()) *out.mutable_last_modified() = ToProto(*info.last_modified);
  out.set_content_type(info.content_type);
  out.set_version_id(info.version_id);
  out.set_is_latest(info.is_latest);
  out.set_delete_marker(info.delete_marker);
  out.set_storage_class(info.storage_class);
  out.mutable_metadata()->insert(info.metadata.begin(), info.metadata.end());
  return out;
}

providers::ListObjectsOptions FromProto(const v1::ListObjectsRequest& request) {
  providers::ListObjectsOptions out;
  out.prefix = request.prefix();
  out.delimiter = request.delimiter();
  out.page_size = request.page_size() == 0 ? kDefaultObjectPageSize : request.page_size();
  out.page_token = request.page_token();
  out.versions = request.versions();
  return out;
}

providers::ObjectPage FromProto(const v1::ListObjectsResponse& response) {
  providers::ObjectPage out;
  for (const v1::ObjectInfo& info : response.objects()) out.objects.push_back(FromProto(info));
  out.common_prefixes.assign(response.common_prefixes().begin(), response.common_prefixes().end());
  out.next_page_token = response.next_page_token();
  return out;
}

v1::ListObjectsResponse ToProto(const providers::ObjectPage& page) {
  v1::ListObjectsResponse out;
  for (const providers::ObjectInfo& info : page.objects) *out.add_objects() = ToProto(info);
  out.mutable_common_prefixes()->Assign(page.common_prefixes.begin(), page.common_prefixes.end());
  out.set_next_page_token(page.next_page_token);
  return out;
}

providers::PutObjectHeader FromProto(const v1::PutObjectHeader& header) {
  providers::PutObjectHeader out;
  out.bucket = header.bucket();
  out.key = header.key();
  out.content_type = header.content_type();
  out.metadata.insert(header.metadata().begin(), header.metadata().end());
  if (header.has_size()) out.size = header.size();
  out.sha256_hex = header.sha256();
  return out;
}

v1::PutObjectHeader ToProto(const providers::PutObjectHeader& header) {
  v1::PutObjectHeader out;
  out.set_bucket(header.bucket);
  out.set_key(header.key);
  out.set_content_type(header.content_type);
  out.mutable_metadata()->insert(header.metadata.begin(), header.metadata.end());
  if (header.size.has_value()) out.set_size(*header.size);
  out.set_sha256(header.sha256_hex);
  return out;
}

providers::PutObjectResult FromProto(const v1::PutObjectResponse& response) {
  providers::PutObjectResult out;
  out.key = response.key();
  out.size = response.size();
  out.etag = response.etag();
  out.version_id = response.version_id();
  return out;
}

v1::PutObjectResponse ToProto(const providers::PutObjectResult& result) {
  v1::PutObjectResponse out;
  out.set_key(result.key);
  out.set_size(result.size);
  out.set_etag(result.etag);
  out.set_version_id(result.version_id);
  return out;
}

providers::ByteRange FromProto(const v1::ByteRange& range) {
  providers::ByteRange out;
  out.offset = range.offset();
  out.length = range.length();
  return out;
}

v1::ByteRange ToProto(const providers::ByteRange& range) {
  v1::ByteRange out;
  out.set_offset(range.offset);
  out.set_length(range.length);
  return out;
}

providers::GetObjectRequest FromProto(const v1::GetObjectRequest& request) {
  providers::GetObjectRequest out;
  out.bucket = request.bucket();
  out.key = request.key();
  out.version_id = request.version_id();
  if (request.has_range()) out.range = FromProto(request.range());
  return out;
}

providers::ObjectIdentifier FromProto(const v1::ObjectIdentifier& id) {
  providers::ObjectIdentifier out;
  out.key = id.key();
  out.version_id = id.version_id();
  return out;
}

v1::ObjectIdentifier ToProto(const providers::ObjectIdentifier& id) {
  v1::ObjectIdentifier out;
  out.set_key(id.key);
  out.set_version_id(id.version_id);
  return out;
}

providers::DeleteObjectError FromProto(const v1::DeleteObjectError& error) {
  providers::DeleteObjectError out;
  out.object = FromProto(error.object());
  out.code = error.code();
  out.message = error.message();
  return out;
}

v1::DeleteObjectError ToProto(const providers::DeleteObjectError& error) {
  v1::DeleteObjectError out;
  *out.mutable_object() = ToProto(error.object);
  out.set_code(error.code);
  out.set_message(error.message);
  return out;
}

providers::DeleteObjectsResult FromProto(const v1::DeleteObjectsResponse& response) {
  providers::DeleteObjectsResult out;
  for (const v1::ObjectIdentifier& id : response.deleted()) out.deleted.push_back(FromProto(id));
  for (const v1::DeleteObjectError& e : response.errors()) out.errors.push_back(FromProto(e));
  return out;
}

v1::DeleteObjectsResponse ToProto(const providers::DeleteObjectsResult& result) {
  v1::DeleteObjectsResponse out;
  for (const providers::ObjectIdentifier& id : result.deleted) *out.add_deleted() = ToProto(id);
  for (const providers::DeleteObjectError& e : result.errors) *out.add_errors() = ToProto(e);
  return out;
}

absl::StatusOr<providers::PresignMethod> FromProto(v1::PresignMethod method) {
  switch (method) {
    case v1::PRESIGN_METHOD_GET:
      return providers::PresignMethod::kGet;
    case v1::PRESIGN_METHOD_PUT:
      return providers::PresignMethod::kPut;
    case v1::PRESIGN_METHOD_UNSPECIFIED:
      return absl::InvalidArgumentError("required (PRESIGN_METHOD_GET or PRESIGN_METHOD_PUT)");
    default:
      return absl::InvalidArgumentError(absl::StrCat("unknown PresignMethod value ", method));
  }
}

v1::PresignMethod ToProto(providers::PresignMethod method) {
  switch (method) {
    case providers::PresignMethod::kGet:
      return v1::PRESIGN_METHOD_GET;
    case providers::PresignMethod::kPut:
      return v1::PRESIGN_METHOD_PUT;
  }
  return v1::PRESIGN_METHOD_UNSPECIFIED;
}

absl::StatusOr<providers::PresignRequest> FromProto(const v1::PresignObjectRequest& request) {
  providers::PresignRequest out;
  out.bucket = request.bucket();
  out.key = request.key();
  out.version_id = request.version_id();
  ASSIGN_OR_RETURN(out.method, AtField("method", FromProto(request.method())));
  out.ttl = request.has_ttl() ? FromProto(request.ttl()) : kDefaultPresignTtl;
  return out;
}

providers::PresignResult FromProto(const v1::PresignObjectResponse& response) {
  providers::PresignResult out;
  out.url = providers::base::Secret(response.url());
  out.expires_at = FromProto(response.expires_at());
  return out;
}

v1::PresignObjectResponse ToProto(const providers::PresignResult& result) {
  v1::PresignObjectResponse out;
  out.set_url(result.url.Reveal());
  *out.mutable_expires_at() = ToProto(result.expires_at);
  return out;
}

}  // namespace osp::server
