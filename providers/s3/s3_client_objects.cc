// S3Client: listings, object transfers, multipart steps, deletes and presigning.
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "providers/base/status_macros.h"
#include "providers/base/xml_writer.h"
#include "providers/s3/s3_client.h"
#include "providers/s3/s3_error.h"
#include "providers/s3/s3_xml_builder.h"
#include "providers/s3/s3_xml_parser.h"

namespace osp::providers::s3 {
namespace {

constexpr absl::string_view kMetaPrefix = "x-amz-meta-";

// The whole object's size: the total of a Content-Range answer, else Content-Length.
int64_t ObjectSize(const http::HttpResponse& response) {
  int64_t size = 0;
  const std::string range = response.Header("Content-Range");  // "bytes 0-9/1234"
  size_t slash = range.rfind('/');
  if (slash != std::string::npos &&
      absl::SimpleAtoi(absl::string_view(range).substr(slash + 1), &size)) {
    return size;
  }
  return absl::SimpleAtoi(response.Header("Content-Length"), &size) ? size : 0;
}

ObjectInfo InfoFromHeaders(absl::string_view key, const http::HttpResponse& response) {
  ObjectInfo info;
  info.key = std::string(key);
  info.size = ObjectSize(response);
  info.etag = Unquote(response.Header("ETag"));
  info.last_modified = ParseHttpTime(response.Header("Last-Modified"));
  info.content_type = response.Header("Content-Type");
  info.version_id = response.Header("x-amz-version-id");
  info.storage_class = response.Header("x-amz-storage-class");
  for (const auto& [name, value] : response.headers) {
    if (absl::StartsWithIgnoreCase(name, kMetaPrefix)) {
      info.metadata[absl::AsciiStrToLower(name.substr(kMetaPrefix.size()))] = value;
    }
  }
  return info;
}

absl::Status CheckMaxKeys(int32_t max_keys) {
  if (max_keys < 0 || max_keys > 1000) {
    return absl::InvalidArgumentError(
        absl::StrCat("S3 listings return 1 to 1000 keys per page, not ", max_keys));
  }
  return absl::OkStatus();
}

void AddIfSet(absl::string_view name, const std::string& value,
              std::vector<std::pair<std::string, std::string>>* query) {
  if (!value.empty()) query->emplace_back(std::string(name), value);
}

}  // namespace

void S3Client::AddWriteHeaders(const ObjectWriteOptions& options, http::Headers* headers) {
  if (!options.content_type.empty()) headers->emplace_back("Content-Type", options.content_type);
  for (const auto& [name, value] : options.metadata) {
    headers->emplace_back(absl::StrCat(kMetaPrefix, name), value);
  }
}

absl::StatusOr<ListObjectsV2Result> S3Client::ListObjectsV2(absl::string_view bucket,
                                                            const ListObjectsV2Request& request,
                                                            const CallContext& ctx) {
  RETURN_IF_ERROR(CheckMaxKeys(request.max_keys));
  Call call("ListObjectsV2", "GET", std::string(bucket));
  // url encoding lets keys through that XML 1.0 cannot carry (control characters).
  call.query = {{"list-type", "2"}, {"encoding-type", "url"}};
  AddIfSet("prefix", request.prefix, &call.query);
  AddIfSet("delimiter", request.delimiter, &call.query);
  AddIfSet("continuation-token", request.continuation_token, &call.query);
  AddIfSet("start-after", request.start_after, &call.query);
  if (request.max_keys > 0) call.query.emplace_back("max-keys", absl::StrCat(request.max_keys));
  ASSIGN_OR_RETURN(http::HttpResponse response, Send(&call, ctx));
  return ParseListObjectsV2(response.body);
}

absl::StatusOr<ListVersionsResult> S3Client::ListObjectVersions(absl::string_view bucket,
                                                                const ListVersionsRequest& request,
                                                                const CallContext& ctx) {
  RETURN_IF_ERROR(CheckMaxKeys(request.max_keys));
  Call call("ListObjectVersions", "GET", std::string(bucket));
  call.query = {{"versions", ""}, {"encoding-type", "url"}};
  AddIfSet("prefix", request.prefix, &call.query);
  AddIfSet("delimiter", request.delimiter, &call.query);
  AddIfSet("key-marker", request.key_marker, &call.query);
  AddIfSet("version-id-marker", request.version_id_marker, &call.query);
  if (request.max_keys > 0) call.query.emplace_back("max-keys", absl::StrCat(request.max_keys));
  ASSIGN_OR_RETURN(http::HttpResponse response, Send(&call, ctx));
  return ParseListVersions(response.body);
}

absl::StatusOr<PutObjectResult> S3Client::PutObject(absl::string_view bucket, absl::string_view key,
                                                    const ObjectWriteOptions& options, int64_t size,
                                                    http::BodyReader body, const CallContext& ctx) {
  if (size < 0) return absl::InvalidArgumentError("PutObject: negative size");
  Call call("PutObject", "PUT", std::string(bucket), std::string(key));
  AddWriteHeaders(options, &call.headers);
  call.body_reader = std::move(body);
  call.body_size = size;
  ASSIGN_OR_RETURN(http::HttpResponse response, Send(&call, ctx));
  return PutObjectResult{std::string(key), size, Unquote(response.Header("ETag")),
                         response.Header("x-amz-version-id")};
}

absl::StatusOr<std::string> S3Client::CreateMultipartUpload(absl::string_view bucket,
                                                            absl::string_view key,
                                                            const ObjectWriteOptions& options,
                                                            const CallContext& ctx) {
  Call call("CreateMultipartUpload", "POST", std::string(bucket), std::string(key));
  call.query = {{"uploads", ""}};
  call.idempotent = false;
  AddWriteHeaders(options, &call.headers);
  ASSIGN_OR_RETURN(http::HttpResponse response, Send(&call, ctx));
  return ParseInitiateMultipartUpload(response.body);
}

absl::StatusOr<std::string> S3Client::SendPart(absl::string_view bucket, absl::string_view key,
                                               absl::string_view upload_id, int part_number,
                                               std::string* data, const CallContext& ctx) {
  if (part_number < 1 || part_number > 10000) {
    return absl::InvalidArgumentError(
        absl::StrCat("S3 part numbers run from 1 to 10000, not ", part_number));
  }
  Call call("UploadPart", "PUT", std::string(bucket), std::string(key));
  call.query = {{"partNumber", absl::StrCat(part_number)}, {"uploadId", std::string(upload_id)}};
  call.unsigned_payload = true;
  call.body = std::move(*data);
  absl::StatusOr<http::HttpResponse> response = Send(&call, ctx);
  *data = std::move(call.body);
  if (!response.ok()) return response.status();
  std::string etag = Unquote(response->Header("ETag"));
  if (etag.empty()) {
    return absl::InternalError(absl::StrCat("S3 UploadPart answered without an ETag for part ",
                                            part_number, " of key \"", key, "\""));
  }
  return etag;
}

absl::StatusOr<std::string> S3Client::UploadPart(absl::string_view bucket, absl::string_view key,
                                                 absl::string_view upload_id, int part_number,
                                                 absl::string_view data, const CallContext& ctx) {
  std::string buffer(data);
  return SendPart(bucket, key, upload_id, part_number, &buffer, ctx);
}

absl::StatusOr<PutObjectResult> S3Client::CompleteMultipartUpload(
    absl::string_view bucket, absl::string_view key, absl::string_view upload_id,
    const std::vector<CompletedPart>& parts, const CallContext& ctx) {
  Call call("CompleteMultipartUpload", "POST", std::string(bucket), std::string(key));
  call.query = {{"uploadId", std::string(upload_id)}};
  call.idempotent = false;
  ASSIGN_OR_RETURN(call.body, BuildCompleteMultipartUpload(parts));
  ASSIGN_OR_RETURN(http::HttpResponse response, Send(&call, ctx));
  ASSIGN_OR_RETURN(std::string etag, ParseCompleteMultipartUpload(response.body, bucket, key));
  return PutObjectResult{std::string(key), 0, std::move(etag), response.Header("x-amz-version-id")};
}

absl::Status S3Client::AbortMultipartUpload(absl::string_view bucket, absl::string_view key,
                                            absl::string_view upload_id, const CallContext& ctx) {
  Call call("AbortMultipartUpload", "DELETE", std::string(bucket), std::string(key));
  call.query = {{"uploadId", std::string(upload_id)}};
  return Send(&call, ctx).status();
}

absl::StatusOr<ObjectInfo> S3Client::GetObject(const GetObjectRequest& request,
                                               const ChunkWriter& writer, const CallContext& ctx) {
  return GetObject(request, /*if_match=*/"", writer, ctx);
}

absl::StatusOr<ObjectInfo> S3Client::GetObject(const GetObjectRequest& request,
                                               absl::string_view if_match,
                                               const ChunkWriter& writer, const CallContext& ctx) {
  Call call("GetObject", "GET", request.bucket, request.key);
  AddIfSet("versionId", request.version_id, &call.query);
  if (request.range) {
    if (request.range->offset < 0 || request.range->length < 0) {
      return absl::InvalidArgumentError("GetObject: negative range offset or length");
    }
  }
  // From the start to the end is the whole object, which S3 serves even when it is empty (a
  // "bytes=0-" range of an empty object is unsatisfiable).
  if (request.range && (request.range->offset > 0 || request.range->length > 0)) {
    std::string range = absl::StrCat("bytes=", request.range->offset, "-");
    if (request.range->length > 0) {
      absl::StrAppend(&range, request.range->offset + request.range->length - 1);
    }
    call.headers.emplace_back("Range", range);
  }
  const std::string etag = absl::StrCat("\"", if_match, "\"");
  if (!if_match.empty()) call.headers.emplace_back("If-Match", etag);
  // Stays idempotent: the transport never retries once part of the body reached the writer.
  call.response_writer = writer;
  ASSIGN_OR_RETURN(http::HttpResponse response, SendRaw(&call, ctx));
  if (response.status == 412 && !if_match.empty()) {
    S3Error error = ParseS3Error(response.status, response.body);
    error.message =
        absl::StrCat("the object changed while it was being read (it no longer has ETag ", etag,
                     "); the read can be retried");
    return absl::AbortedError(
        S3ErrorToStatus(error, call.operation, call.bucket, call.key).message());
  }
  if (response.status / 100 != 2) return ErrorStatus(call, response);
  return InfoFromHeaders(request.key, response);
}

absl::StatusOr<ObjectInfo> S3Client::HeadObject(absl::string_view bucket, absl::string_view key,
                                                absl::string_view version_id,
                                                const CallContext& ctx) {
  Call call("HeadObject", "HEAD", std::string(bucket), std::string(key));
  AddIfSet("versionId", std::string(version_id), &call.query);
  ASSIGN_OR_RETURN(http::HttpResponse response, Send(&call, ctx));
  return InfoFromHeaders(key, response);
}

absl::Status S3Client::DeleteObject(absl::string_view bucket, absl::string_view key,
                                    absl::string_view version_id, const CallContext& ctx) {
  Call call("DeleteObject", "DELETE", std::string(bucket), std::string(key));
  AddIfSet("versionId", std::string(version_id), &call.query);
  return Send(&call, ctx).status();
}

absl::StatusOr<DeleteObjectsResult> S3Client::DeleteObjects(
    absl::string_view bucket, const std::vector<ObjectIdentifier>& objects,
    const CallContext& ctx) {
  DeleteObjectsResult result;
  std::vector<ObjectIdentifier> batch;
  auto flush = [&]() -> absl::Status {
    if (batch.empty()) return absl::OkStatus();
    Call call("DeleteObjects", "POST", std::string(bucket));
    call.query = {{"delete", ""}};
    call.idempotent = false;
    call.content_md5 = true;
    ASSIGN_OR_RETURN(call.body, BuildDelete(batch));
    batch.clear();
    ASSIGN_OR_RETURN(http::HttpResponse response, Send(&call, ctx));
    ASSIGN_OR_RETURN(DeleteObjectsResult part, ParseDeleteResult(response.body));
    for (auto& d : part.deleted) result.deleted.push_back(std::move(d));
    for (auto& e : part.errors) result.errors.push_back(std::move(e));
    return absl::OkStatus();
  };
  for (const ObjectIdentifier& object : objects) {
    if (!base::XmlWriter::IsValidText(object.key) ||
        !base::XmlWriter::IsValidText(object.version_id)) {
      // S3 lists such keys url-encoded but cannot take them in a <Delete> document.
      Call call("DeleteObject", "DELETE", std::string(bucket), object.key);
      AddIfSet("versionId", object.version_id, &call.query);
      ASSIGN_OR_RETURN(http::HttpResponse response, SendRaw(&call, ctx));
      if (response.status / 100 == 2) {
        result.deleted.push_back(object);
      } else {
        S3Error error = ParseS3Error(response.status, response.body);
        result.errors.push_back(DeleteObjectError{object, error.code, error.message});
      }
      continue;
    }
    batch.push_back(object);
    if (static_cast<int>(batch.size()) >= options_.delete_batch_size) RETURN_IF_ERROR(flush());
  }
  RETURN_IF_ERROR(flush());
  return result;
}

absl::StatusOr<PresignResult> S3Client::Presign(const PresignRequest& request) const {
  Call call("Presign", request.method == PresignMethod::kPut ? "PUT" : "GET", request.bucket,
            request.key);
  AddIfSet("versionId", request.version_id, &call.query);
  const absl::Time now = clock_->Now();
  ASSIGN_OR_RETURN(
      SigV4Signature signature,
      signer_.Presign(
          SigV4Request{call.method, Url(call), {}, std::string(SigV4Signer::kUnsignedPayload)}, now,
          request.ttl));
  return PresignResult{base::Secret(std::move(signature.url)), now + request.ttl};
}

}  // namespace osp::providers::s3
