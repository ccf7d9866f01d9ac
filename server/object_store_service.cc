#include "server/object_store_service.h"

#include <optional>
#include <utility>
#include <vector>

#include "providers/base/status_macros.h"
#include "server/backend_convert.h"
#include "server/bucket_convert.h"
#include "server/field_path.h"
#include "server/grpc_call_context.h"
#include "server/object_convert.h"
#include "server/object_streams.h"
#include "server/request_validator.h"
#include "server/rpc_scope.h"
#include "server/time_convert.h"
#include "server/user_convert.h"

namespace osp::server {
namespace {

// Daemon name reported by GetProviderInfo.
constexpr char kDaemonName[] = "ospd";
// Page size used when a ListBucketsRequest leaves it 0 (see provider.proto).
constexpr int32_t kDefaultBucketPageSize = 100;

}  // namespace

ObjectStoreService::ObjectStoreService(const BackendSet* backends, providers::base::Logger* logger,
                                       metrics::DaemonMetrics* metrics, std::string version)
    : backends_(backends), logger_(logger), metrics_(metrics), version_(std::move(version)) {}

absl::Status ObjectStoreService::Dispatch(const grpc::ServerContext* ctx,
                                          const absl::Status& validation,
                                          const std::string& backend, Body body,
                                          absl::string_view path_prefix) const {
  RETURN_IF_ERROR(validation);
  absl::StatusOr<providers::Provider*> found = backends_->Find(backend);
  if (!found.ok() && !path_prefix.empty()) return PrefixFieldPath(path_prefix, found.status());
  ASSIGN_OR_RETURN(providers::Provider * provider, std::move(found));
  return body(*provider, CallContextFrom(ctx));
}

template <typename Request, typename Response>
grpc::Status ObjectStoreService::Unary(absl::string_view rpc, grpc::ServerContext* ctx,
                                       const Request& request, Response* response,
                                       absl::string_view bucket, Body body) {
  RpcScope scope(logger_, metrics_, rpc, ctx->peer());
  scope.set_backend(request.backend());
  scope.set_bucket(bucket);
  scope.set_request(&request);
  scope.set_response(response);
  return scope.Finish(Dispatch(ctx, ValidateRequest(request), request.backend(), body));
}

grpc::Status ObjectStoreService::GetProviderInfo(grpc::ServerContext* ctx,
                                                 const v1::GetProviderInfoRequest* request,
                                                 v1::GetProviderInfoResponse* response) {
  RpcScope scope(logger_, metrics_, "GetProviderInfo", ctx->peer());
  scope.set_request(request);
  scope.set_response(response);
  response->set_name(kDaemonName);
  response->set_version(version_);
  for (const BackendEntry& entry : backends_->entries()) {
    v1::BackendInfo* info = response->add_backends();
    info->set_id(entry.id);
    info->set_type(entry.type);
    for (const providers::BackendEndpoint& endpoint : entry.provider->Endpoints()) {
      *info->add_endpoints() = ToProto(endpoint);
    }
  }
  return scope.Finish(absl::OkStatus());
}

grpc::Status ObjectStoreService::GetCapabilities(grpc::ServerContext* ctx,
                                                 const v1::GetCapabilitiesRequest* request,
                                                 v1::GetCapabilitiesResponse* response) {
  return Unary("GetCapabilities", ctx, *request, response, "",
               [&](providers::Provider& provider, const providers::CallContext&) {
                 response->set_backend(request->backend());
                 *response->mutable_capabilities() = ToProto(provider.GetCapabilities());
                 return absl::OkStatus();
               });
}

grpc::Status ObjectStoreService::CheckBackend(grpc::ServerContext* ctx,
                                              const v1::CheckBackendRequest* request,
                                              v1::CheckBackendResponse* response) {
  return Unary("CheckBackend", ctx, *request, response, "",
               [&](providers::Provider& provider, const providers::CallContext& call) {
                 ASSIGN_OR_RETURN(const std::vector<providers::BackendCheck> checks,
                                  provider.CheckBackend(call));
                 *response = ToCheckBackendResponse(checks);
                 return absl::OkStatus();
               });
}

grpc::Status ObjectStoreService::EnsureUser(grpc::ServerContext* ctx,
                                            const v1::EnsureUserRequest* request,
                                            v1::EnsureUserResponse* response) {
  return Unary("EnsureUser", ctx, *request, response, "",
               [&](providers::Provider& provider, const providers::CallContext& call) {
                 ASSIGN_OR_RETURN(
                     const providers::UserResult user,
                     provider.EnsureUser(request->account_id(), request->display_name(), call));
                 *response = ToProto(user);
                 return absl::OkStatus();
               });
}

grpc::Status ObjectStoreService::DeleteUser(grpc::ServerContext* ctx,
                                            const v1::DeleteUserRequest* request,
                                            v1::DeleteUserResponse* response) {
  return Unary("DeleteUser", ctx, *request, response, "",
               [&](providers::Provider& provider, const providers::CallContext& call) {
                 return provider.DeleteUser(request->account_id(), call);
               });
}

grpc::Status ObjectStoreService::CreateAccessKey(grpc::ServerContext* ctx,
                                                 const v1::CreateAccessKeyRequest* request,
                                                 v1::CreateAccessKeyResponse* response) {
  return Unary("CreateAccessKey", ctx, *request, response, "",
               [&](providers::Provider& provider, const providers::CallContext& call) {
                 std::optional<absl::Duration> old_key_expiry;
                 if (request->has_old_key_expiry()) {
                   old_key_expiry = FromProto(request->old_key_expiry());
                 }
                 ASSIGN_OR_RETURN(
                     const providers::Credentials credentials,
                     provider.CreateAccessKey(request->account_id(), old_key_expiry, call));
                 *response->mutable_credentials() = ToProto(credentials);
                 return absl::OkStatus();
               });
}

grpc::Status ObjectStoreService::DeleteAccessKey(grpc::ServerContext* ctx,
                                                 const v1::DeleteAccessKeyRequest* request,
                                                 v1::DeleteAccessKeyResponse* response) {
  return Unary("DeleteAccessKey", ctx, *request, response, "",
               [&](providers::Provider& provider, const providers::CallContext& call) {
                 return provider.DeleteAccessKey(request->account_id(), request->access_key_id(),
                                                 call);
               });
}

grpc::Status ObjectStoreService::CreateBucket(grpc::ServerContext* ctx,
                                              const v1::CreateBucketRequest* request,
                                              v1::CreateBucketResponse* response) {
  return Unary("CreateBucket", ctx, *request, response, request->bucket().name(),
               [&](providers::Provider& provider, const providers::CallContext& call) {
                 ASSIGN_OR_RETURN(const providers::BucketSpec spec,
                                  PrefixFieldPath("bucket", FromProto(request->bucket())));
                 ASSIGN_OR_RETURN(const providers::Bucket bucket,
                                  provider.CreateBucket(spec, call));
                 *response->mutable_bucket() = ToProto(bucket);
                 return absl::OkStatus();
               });
}

grpc::Status ObjectStoreService::GetBucket(grpc::ServerContext* ctx,
                                           const v1::GetBucketRequest* request,
                                           v1::GetBucketResponse* response) {
  return Unary("GetBucket", ctx, *request, response, request->name(),
               [&](providers::Provider& provider, const providers::CallContext& call) {
                 ASSIGN_OR_RETURN(const providers::Bucket bucket,
                                  provider.GetBucket(request->name(), call));
                 *response->mutable_bucket() = ToProto(bucket);
                 return absl::OkStatus();
               });
}

grpc::Status ObjectStoreService::ListBuckets(grpc::ServerContext* ctx,
                                             const v1::ListBucketsRequest* request,
                                             v1::ListBucketsResponse* response) {
  return Unary("ListBuckets", ctx, *request, response, "",
               [&](providers::Provider& provider, const providers::CallContext& call) {
                 const int32_t page_size =
                     request->page_size() == 0 ? kDefaultBucketPageSize : request->page_size();
                 ASSIGN_OR_RETURN(const providers::BucketPage page,
                                  provider.ListBuckets(request->owner(), page_size,
                                                       request->page_token(), call));
                 for (const providers::Bucket& bucket : page.buckets) {
                   *response->add_buckets() = ToProto(bucket);
                 }
                 response->set_next_page_token(page.next_page_token);
                 return absl::OkStatus();
               });
}

grpc::Status ObjectStoreService::UpdateBucket(grpc::ServerContext* ctx,
                                              const v1::UpdateBucketRequest* request,
                                              v1::UpdateBucketResponse* response) {
  return Unary(
      "UpdateBucket", ctx, *request, response, request->bucket().name(),
      [&](providers::Provider& provider, const providers::CallContext& call) {
        ASSIGN_OR_RETURN(const providers::BucketSpec spec,
                         PrefixFieldPath("bucket", FromProto(request->bucket())));
        ASSIGN_OR_RETURN(const providers::BucketUpdateMask mask,
                         PrefixFieldPath("update_mask", FromProto(request->update_mask())));
        ASSIGN_OR_RETURN(const providers::Bucket bucket, provider.UpdateBucket(spec, mask, call));
        *response->mutable_bucket() = ToProto(bucket);
        return absl::OkStatus();
      });
}

grpc::Status ObjectStoreService::DeleteBucket(grpc::ServerContext* ctx,
                                              const v1::DeleteBucketRequest* request,
                                              v1::DeleteBucketResponse* response) {
  return Unary("DeleteBucket", ctx, *request, response, request->name(),
               [&](providers::Provider& provider, const providers::CallContext& call) {
                 return provider.DeleteBucket(request->name(), request->force_empty(), call);
               });
}

grpc::Status ObjectStoreService::GetUsage(grpc::ServerContext* ctx,
                                          const v1::GetUsageRequest* request,
                                          v1::GetUsageResponse* response) {
  return Unary("GetUsage", ctx, *request, response, "",
               [&](providers::Provider& provider, const providers::CallContext& call) {
                 const std::vector<std::string> buckets(request->buckets().begin(),
                                                        request->buckets().end());
                 ASSIGN_OR_RETURN(const std::vector<providers::BucketUsage> usage,
                                  provider.GetUsage(buckets, request->owner(), call));
                 for (const providers::BucketUsage& one : usage) {
                   *response->add_usage() = ToProto(one);
                 }
                 return absl::OkStatus();
               });
}

grpc::Status ObjectStoreService::ListObjects(grpc::ServerContext* ctx,
                                             const v1::ListObjectsRequest* request,
                                             v1::ListObjectsResponse* response) {
  return Unary("ListObjects", ctx, *request, response, request->bucket(),
               [&](providers::Provider& provider, const providers::CallContext& call) {
                 ASSIGN_OR_RETURN(
                     const providers::ObjectPage page,
                     provider.ListObjects(request->bucket(), FromProto(*request), call));
                 *response = ToProto(page);
                 return absl::OkStatus();
               });
}

grpc::Status ObjectStoreService::PutObject(grpc::ServerContext* ctx,
                                           grpc::ServerReader<v1::PutObjectRequest>* reader,
                                           v1::PutObjectResponse* response) {
  RpcScope scope(logger_, metrics_, "PutObject", ctx->peer());
  scope.CountInFlight();
  v1::PutObjectRequest first;
  if (!reader->Read(&first) || !first.has_header()) {
    return scope.Finish(
        FieldError("header", "the first message must be a valid header (string fields in UTF-8)"));
  }
  const v1::PutObjectHeader& header = first.header();
  scope.set_backend(header.backend());
  scope.set_bucket(header.bucket());
  scope.set_request(&header);
  scope.set_response(response);
  return scope.Finish(Dispatch(
      ctx, ValidateRequest(header), header.backend(),
      [&](providers::Provider& provider, const providers::CallContext& call) {
        ASSIGN_OR_RETURN(
            const providers::PutObjectResult result,
            provider.PutObject(FromProto(header),
                               UploadChunks(reader, ctx, metrics_->UploadedBytes()), call));
        *response = ToProto(result);
        return absl::OkStatus();
      },
      "header"));
}

grpc::Status ObjectStoreService::GetObject(grpc::ServerContext* ctx,
                                           const v1::GetObjectRequest* request,
                                           grpc::ServerWriter<v1::GetObjectResponse>* writer) {
  RpcScope scope(logger_, metrics_, "GetObject", ctx->peer());
  scope.CountInFlight();
  scope.set_backend(request->backend());
  scope.set_bucket(request->bucket());
  scope.set_request(request);
  v1::ObjectInfo info;  // The first message's content: the response the log line shows.
  scope.set_response(&info);
  return scope.Finish(
      Dispatch(ctx, ValidateRequest(*request), request->backend(),
               [&](providers::Provider& provider, const providers::CallContext& call) {
                 return DownloadObject(provider, FromProto(*request), writer, call, &info,
                                       metrics_->DownloadedBytes());
               }));
}

grpc::Status ObjectStoreService::DeleteObjects(grpc::ServerContext* ctx,
                                               const v1::DeleteObjectsRequest* request,
                                               v1::DeleteObjectsResponse* response) {
  return Unary("DeleteObjects", ctx, *request, response, request->bucket(),
               [&](providers::Provider& provider, const providers::CallContext& call) {
                 std::vector<providers::ObjectIdentifier> objects;
                 objects.reserve(request->objects_size());
                 for (const v1::ObjectIdentifier& id : request->objects()) {
                   objects.push_back(FromProto(id));
                 }
                 ASSIGN_OR_RETURN(const providers::DeleteObjectsResult result,
                                  provider.DeleteObjects(request->bucket(), objects, call));
                 *response = ToProto(result);
                 return absl::OkStatus();
               });
}

grpc::Status ObjectStoreService::PresignObject(grpc::ServerContext* ctx,
                                               const v1::PresignObjectRequest* request,
                                               v1::PresignObjectResponse* response) {
  return Unary("PresignObject", ctx, *request, response, request->bucket(),
               [&](providers::Provider& provider, const providers::CallContext& call) {
                 ASSIGN_OR_RETURN(const providers::PresignRequest presign, FromProto(*request));
                 ASSIGN_OR_RETURN(const providers::PresignResult result,
                                  provider.PresignObject(presign, call));
                 *response = ToProto(result);
                 return absl::OkStatus();
               });
}

}  // namespace osp::server
