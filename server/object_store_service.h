// ObjectStoreService: the gRPC face of ospd (osp.v1.ObjectStoreProvider). Each RPC validates its
// request, resolves the backend id,
// calls exactly one provider method with the caller's deadline and cancellation, converts the
// result and maps the status; each one runs inside an RpcScope,
// which writes its log line and records its metrics. Holds no state of its own: thread-safe,
// called concurrently by the sync server's threads.
#pragma once

#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "osp/v1/provider.grpc.pb.h"
#include "providers/base/logger.h"
#include "providers/provider.h"
#include "server/backend_set.h"
#include "server/metrics/daemon_metrics.h"

namespace osp::server {

class ObjectStoreService final : public v1::ObjectStoreProvider::Service {
 public:
  // `backends`, `logger` and `metrics` must outlive the service. `version` is the daemon's
  // version, reported by GetProviderInfo. Who may call is decided before a call gets here (the
  // Unix socket's mode and group; AllowListProcessor on the TCP listener).
  ObjectStoreService(const BackendSet* backends, providers::base::Logger* logger,
                     metrics::DaemonMetrics* metrics, std::string version);
  ObjectStoreService(const ObjectStoreService&) = delete;
  ObjectStoreService& operator=(const ObjectStoreService&) = delete;

  grpc::Status GetProviderInfo(grpc::ServerContext* ctx, const v1::GetProviderInfoRequest* request,
                               v1::GetProviderInfoResponse* response) override;
  grpc::Status GetCapabilities(grpc::ServerContext* ctx, const v1::GetCapabilitiesRequest* request,
                               v1::GetCapabilitiesResponse* response) override;
  grpc::Status CheckBackend(grpc::ServerContext* ctx, const v1::CheckBackendRequest* request,
                            v1::CheckBackendResponse* response) override;

  grpc::Status EnsureUser(grpc::ServerContext* ctx, const v1::EnsureUserRequest* request,
                          v1::EnsureUserResponse* response) override;
  grpc::Status DeleteUser(grpc::ServerContext* ctx, const v1::DeleteUserRequest* request,
                          v1::DeleteUserResponse* response) override;
  grpc::Status CreateAccessKey(grpc::ServerContext* ctx, const v1::CreateAccessKeyRequest* request,
                               v1::CreateAccessKeyResponse* response) override;
  grpc::Status DeleteAccessKey(grpc::ServerContext* ctx, const v1::DeleteAccessKeyRequest* request,
                               v1::DeleteAccessKeyResponse* response) override;

  grpc::Status CreateBucket(grpc::ServerContext* ctx, const v1::CreateBucketRequest* request,
                            v1::CreateBucketResponse* response) override;
  grpc::Status GetBucket(grpc::ServerContext* ctx, const v1::GetBucketRequest* request,
                         v1::GetBucketResponse* response) override;
  grpc::Status ListBuckets(grpc::ServerContext* ctx, const v1::ListBucketsRequest* request,
                           v1::ListBucketsResponse* response) override;
  grpc::Status UpdateBucket(grpc::ServerContext* ctx, const v1::UpdateBucketRequest* request,
                            v1::UpdateBucketResponse* response) override;
  grpc::Status DeleteBucket(grpc::ServerContext* ctx, const v1::DeleteBucketRequest* request,
                            v1::DeleteBucketResponse* response) override;
  grpc::Status GetUsage(grpc::ServerContext* ctx, const v1::GetUsageRequest* request,
                        v1::GetUsageResponse* response) override;

  grpc::Status ListObjects(grpc::ServerContext* ctx, const v1::ListObjectsRequest* request,
                           v1::ListObjectsResponse* response) override;
  // First message: a header, validated like a unary request; then chunks (see UploadChunks).
  grpc::Status PutObject(grpc::ServerContext* ctx, grpc::ServerReader<v1::PutObjectRequest>* reader,
                         v1::PutObjectResponse* response) override;
  // The object's info, then its data in chunks (see DownloadObject).
  grpc::Status GetObject(grpc::ServerContext* ctx, const v1::GetObjectRequest* request,
                         grpc::ServerWriter<v1::GetObjectResponse>* writer) override;
  grpc::Status DeleteObjects(grpc::ServerContext* ctx, const v1::DeleteObjectsRequest* request,
                             v1::DeleteObjectsResponse* response) override;
  grpc::Status PresignObject(grpc::ServerContext* ctx, const v1::PresignObjectRequest* request,
                             v1::PresignObjectResponse* response) override;

 private:
  // The provider call of one RPC; fills the response and returns the outcome.
  using Body = absl::FunctionRef<absl::Status(providers::Provider& provider,
                                              const providers::CallContext& call)>;

  // The validation result, then the backend lookup (unknown -> NOT_FOUND, its
  // message under `path_prefix` when the backend field is nested: "header.backend ..."), then
  // `body`.
  absl::Status Dispatch(const grpc::ServerContext* ctx, const absl::Status& validation,
                        const std::string& backend, Body body,
                        absl::string_view path_prefix = "") const;
  // A unary RPC in its RpcScope: Dispatch with ValidateRequest(request), one log line, status
  // mapping. `bucket` is for the log line ("" when the RPC has none).
  template <typename Request, typename Response>
  grpc::Status Unary(absl::string_view rpc, grpc::ServerContext* ctx, const Request& request,
                     Response* response, absl::string_view bucket, Body body);

  const BackendSet* const backends_;
  providers::base::Logger* const logger_;
  metrics::DaemonMetrics* const metrics_;
  const std::string version_;
};

}  // namespace osp::server
