// S3Client: construction, request signing and sending, and the bucket calls. Listings and
// objects are in s3_client_objects.cc, the Upload helper in s3_client_upload.cc.
#include "providers/s3/s3_client.h"

#include <openssl/evp.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "providers/base/status_macros.h"
#include "providers/s3/s3_error.h"
#include "providers/s3/s3_xml_builder.h"
#include "providers/s3/s3_xml_parser.h"
#include "providers/s3/uri_encode.h"

namespace osp::providers::s3 {
namespace {

std::string Md5Base64(absl::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr);
  return absl::Base64Escape(absl::string_view(reinterpret_cast<const char*>(digest), len));
}

}  // namespace

S3Client::S3Client(S3Endpoint endpoint, std::string access_key_id, base::Secret secret_access_key,
                   http::HttpTransport* transport, base::Clock* clock, S3ClientOptions options)
    : endpoint_(std::move(endpoint)),
      signer_(SigV4Credentials{std::move(access_key_id), std::move(secret_access_key), {}},
              endpoint_.region, "s3"),
      transport_(transport),
      clock_(clock),
      options_(options) {
  absl::string_view url = endpoint_.url;
  size_t scheme_end = url.find("://");
  if (scheme_end != absl::string_view::npos) {
    scheme_ = absl::AsciiStrToLower(url.substr(0, scheme_end));
    url.remove_prefix(scheme_end + 3);
  } else {
    scheme_ = "https";
  }
  size_t slash = url.find('/');
  authority_ = std::string(url.substr(0, slash));
  if (slash != absl::string_view::npos) {
    absl::string_view path = url.substr(slash);
    while (absl::ConsumeSuffix(&path, "/")) {
    }
    base_path_ = std::string(path);
  }
}

std::string S3Client::Url(const Call& call) const {
  std::string url = absl::StrCat(scheme_, "://");
  if (endpoint_.path_style) {
    absl::StrAppend(&url, authority_, base_path_, "/");
    if (!call.bucket.empty()) {
      absl::StrAppend(&url, UriEncode(call.bucket));
      if (!call.key.empty()) absl::StrAppend(&url, "/", UriEncode(call.key, Slash::kKeep));
    }
  } else {
    if (!call.bucket.empty()) absl::StrAppend(&url, call.bucket, ".");
    absl::StrAppend(&url, authority_, base_path_, "/", UriEncode(call.key, Slash::kKeep));
  }
  char separator = '?';
  for (const auto& [name, value] : call.query) {
    url.push_back(separator);
    absl::StrAppend(&url, UriEncode(name));
    if (!value.empty()) absl::StrAppend(&url, "=", UriEncode(value));
    separator = '&';
  }
  return url;
}

absl::StatusOr<http::HttpResponse> S3Client::SendRaw(Call* call, const CallContext& ctx) {
  http::HttpRequest request;
  request.method = call->method;
  request.url = Url(*call);
  request.operation = absl::StrCat("s3.", call->operation);
  request.idempotent = call->idempotent;
  request.headers = call->headers;
  std::string payload_hash;
  if (call->body_reader) {
    payload_hash = std::string(SigV4Signer::kUnsignedPayload);
    request.body_reader = call->body_reader;
    request.body_size = call->body_size;
    request.idempotent = false;
  } else {
    payload_hash = call->unsigned_payload ? std::string(SigV4Signer::kUnsignedPayload)
                                          : SigV4Signer::Sha256Hex(call->body);
    if (call->content_md5) request.headers.emplace_back("Content-MD5", Md5Base64(call->body));
  }
  request.headers.emplace_back("x-amz-content-sha256", payload_hash);
  ASSIGN_OR_RETURN(
      SigV4Signature signature,
      signer_.Sign(SigV4Request{request.method, request.url, request.headers, payload_hash},
                   clock_->Now()));
  for (auto& header : signature.headers) request.headers.push_back(std::move(header));
  request.response_writer = call->response_writer;

  request.body = std::move(call->body);
  absl::StatusOr<http::HttpResponse> response = transport_->Send(request, ctx);
  call->body = std::move(request.body);
  return response;
}

absl::Status S3Client::ErrorStatus(const Call& call, const http::HttpResponse& response) const {
  return S3ErrorToStatus(ParseS3Error(response.status, response.body), call.operation, call.bucket,
                         call.key);
}

absl::StatusOr<http::HttpResponse> S3Client::Send(Call* call, const CallContext& ctx) {
  ASSIGN_OR_RETURN(http::HttpResponse response, SendRaw(call, ctx));
  if (response.status / 100 != 2) return ErrorStatus(*call, response);
  return response;
}

absl::StatusOr<std::optional<http::HttpResponse>> S3Client::SendOptional(
    Call* call, absl::string_view missing_code, const CallContext& ctx) {
  ASSIGN_OR_RETURN(http::HttpResponse response, SendRaw(call, ctx));
  if (response.status / 100 == 2) return std::optional<http::HttpResponse>(std::move(response));
  // Only the "not configured" code means absent: NoSuchBucket is NOT_FOUND too, but an error.
  if (ParseS3Error(response.status, response.body).code == missing_code) {
    return std::optional<http::HttpResponse>();
  }
  return ErrorStatus(*call, response);
}

absl::Status S3Client::CreateBucket(absl::string_view bucket, const CreateBucketOptions& options,
                                    const CallContext& ctx) {
  Call call("CreateBucket", "PUT", std::string(bucket));
  if (options.object_lock) {
    call.headers.emplace_back("x-amz-bucket-object-lock-enabled", "true");
  }
  // us-east-1 is S3's default location and must not be named.
  if (!endpoint_.region.empty() && endpoint_.region != "us-east-1") {
    ASSIGN_OR_RETURN(call.body, BuildCreateBucketConfiguration(endpoint_.region));
  }
  ASSIGN_OR_RETURN(http::HttpResponse response, SendRaw(&call, ctx));
  if (response.status / 100 == 2) return absl::OkStatus();
  // Creation is idempotent: S3 outside us-east-1 answers a repeat with this code. Answering a
  // resend, it may be about this call's own first send, whose answer was lost.
  if ((!options.refuse_existing || response.attempts > 1) &&
      ParseS3Error(response.status, response.body).code == "BucketAlreadyOwnedByYou") {
    return absl::OkStatus();
  }
  return ErrorStatus(call, response);
}

absl::Status S3Client::HeadBucket(absl::string_view bucket, const CallContext& ctx) {
  Call call("HeadBucket", "HEAD", std::string(bucket));
  return Send(&call, ctx).status();
}

absl::Status S3Client::DeleteBucket(absl::string_view bucket, const CallContext& ctx) {
  Call call("DeleteBucket", "DELETE", std::string(bucket));
  return Send(&call, ctx).status();
}

absl::StatusOr<std::vector<BucketEntry>> S3Client::ListBuckets(const CallContext& ctx) {
  Call call("ListBuckets", "GET");
  ASSIGN_OR_RETURN(http::HttpResponse response, Send(&call, ctx));
  return ParseListBuckets(response.body);
}

absl::StatusOr<Versioning> S3Client::GetBucketVersioning(absl::string_view bucket,
                                                         const CallContext& ctx) {
  Call call("GetBucketVersioning", "GET", std::string(bucket));
  call.query = {{"versioning", ""}};
  ASSIGN_OR_RETURN(http::HttpResponse response, Send(&call, ctx));
  return ParseVersioning(response.body);
}

absl::Status S3Client::PutBucketVersioning(absl::string_view bucket, Versioning versioning,
                                           const CallContext& ctx) {
  Call call("PutBucketVersioning", "PUT", std::string(bucket));
  call.query = {{"versioning", ""}};
  ASSIGN_OR_RETURN(call.body, BuildVersioning(versioning));
  call.content_md5 = true;
  return Send(&call, ctx).status();
}

absl::StatusOr<Encryption> S3Client::GetBucketEncryption(absl::string_view bucket,
                                                         const CallContext& ctx) {
  Call call("GetBucketEncryption", "GET", std::string(bucket));
  call.query = {{"encryption", ""}};
  ASSIGN_OR_RETURN(std::optional<http::HttpResponse> response,
                   SendOptional(&call, "ServerSideEncryptionConfigurationNotFoundError", ctx));
  if (!response) return Encryption::kNone;
  return ParseEncryption(response->body);
}

absl::Status S3Client::PutBucketEncryption(absl::string_view bucket, Encryption encryption,
                                           const CallContext& ctx) {
  Call call("PutBucketEncryption", "PUT", std::string(bucket));
  call.query = {{"encryption", ""}};
  ASSIGN_OR_RETURN(call.body, BuildEncryption(encryption));
  call.content_md5 = true;
  return Send(&call, ctx).status();
}

absl::Status S3Client::DeleteBucketEncryption(absl::string_view bucket, const CallContext& ctx) {
  Call call("DeleteBucketEncryption", "DELETE", std::string(bucket));
  call.query = {{"encryption", ""}};
  return Send(&call, ctx).status();
}

absl::StatusOr<std::optional<std::string>> S3Client::GetBucketPolicy(absl::string_view bucket,
                                                                     const CallContext& ctx) {
  Call call("GetBucketPolicy", "GET", std::string(bucket));
  call.query = {{"policy", ""}};
  ASSIGN_OR_RETURN(std::optional<http::HttpResponse> response,
                   SendOptional(&call, "NoSuchBucketPolicy", ctx));
  if (!response) return std::optional<std::string>();
  return std::optional<std::string>(std::move(response->body));
}

absl::Status S3Client::PutBucketPolicy(absl::string_view bucket, absl::string_view policy_json,
                                       const CallContext& ctx) {
  Call call("PutBucketPolicy", "PUT", std::string(bucket));
  call.query = {{"policy", ""}};
  call.headers.emplace_back("Content-Type", "application/json");
  call.body = std::string(policy_json);
  call.content_md5 = true;
  return Send(&call, ctx).status();
}

absl::Status S3Client::DeleteBucketPolicy(absl::string_view bucket, const CallContext& ctx) {
  Call call("DeleteBucketPolicy", "DELETE", std::string(bucket));
  call.query = {{"policy", ""}};
  return Send(&call, ctx).status();
}

absl::StatusOr<std::vector<CorsRule>> S3Client::GetBucketCors(absl::string_view bucket,
                                                              const CallContext& ctx) {
  Call call("GetBucketCors", "GET", std::string(bucket));
  call.query = {{"cors", ""}};
  ASSIGN_OR_RETURN(std::optional<http::HttpResponse> response,
                   SendOptional(&call, "NoSuchCORSConfiguration", ctx));
  if (!response) return std::vector<CorsRule>();
  return ParseCors(response->body);
}

absl::Status S3Client::PutBucketCors(absl::string_view bucket, const std::vector<CorsRule>& rules,
                                     const CallContext& ctx) {
  Call call("PutBucketCors", "PUT", std::string(bucket));
  call.query = {{"cors", ""}};
  ASSIGN_OR_RETURN(call.body, BuildCors(rules));
  call.content_md5 = true;
  return Send(&call, ctx).status();
}

absl::Status S3Client::DeleteBucketCors(absl::string_view bucket, const CallContext& ctx) {
  Call call("DeleteBucketCors", "DELETE", std::string(bucket));
  call.query = {{"cors", ""}};
  // radosgw answers NoSuchCORSConfiguration for a bucket without rules; AWS answers 204.
  return SendOptional(&call, "NoSuchCORSConfiguration", ctx).status();
}

absl::StatusOr<ObjectLockConfiguration> S3Client::GetObjectLockConfiguration(
    absl::string_view bucket, const CallContext& ctx) {
  Call call("GetObjectLockConfiguration", "GET", std::string(bucket));
  call.query = {{"object-lock", ""}};
  ASSIGN_OR_RETURN(std::optional<http::HttpResponse> response,
                   SendOptional(&call, "ObjectLockConfigurationNotFoundError", ctx));
  if (!response) return ObjectLockConfiguration{};
  return ParseObjectLock(response->body);
}

absl::Status S3Client::PutObjectLockConfiguration(absl::string_view bucket,
                                                  const ObjectLockConfiguration& config,
                                                  const CallContext& ctx) {
  Call call("PutObjectLockConfiguration", "PUT", std::string(bucket));
  call.query = {{"object-lock", ""}};
  ASSIGN_OR_RETURN(call.body, BuildObjectLock(config));
  call.content_md5 = true;
  return Send(&call, ctx).status();
}

}  // namespace osp::providers::s3
