// FakeProviderService: an in-process osp.v1.ObjectStoreProvider for ospctl's tests. It records
// every request it receives and answers with queued responses or errors (an empty OK response
// when nothing is queued). PutObject collects the uploaded bytes, GetObject streams the stored
// object of the requested key in chunks of a chosen size (NOT_FOUND for other keys).
// FakeProviderServer runs it on 127.0.0.1:0 or a Unix socket. Thread-safe: handlers run on gRPC
// threads while the test reads the records.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "osp/v1/provider.grpc.pb.h"

namespace osp::client::testing {

// One PutObject call as the server saw it.
struct ReceivedPut {
  v1::PutObjectHeader header;
  std::string data;
  int chunks = 0;
};

class FakeProviderService final : public v1::ObjectStoreProvider::Service {
 public:
  // Queues `response` for the next call of `method` (e.g. "ListBuckets").
  void Respond(const std::string& method, const google::protobuf::Message& response);
  // Queues a failure for the next call of `method`.
  void Fail(const std::string& method, grpc::Status status);
  // Stores object `info.key()` for GetObject: `info` first, then `data` in chunks of
  // `chunk_size` bytes.
  void SetObject(v1::ObjectInfo info, std::string data, size_t chunk_size);

  // The requests of `method` received so far, in order.
  template <typename Request>
  std::vector<Request> Requests(const std::string& method) {
    absl::MutexLock lock(&mu_);
    std::vector<Request> requests;
    for (const auto& request : requests_[method]) {
      requests.emplace_back();
      requests.back().CopyFrom(*request);
    }
    return requests;
  }
  std::vector<ReceivedPut> puts();
  // Whether each call of `method` so far carried a deadline, in order.
  std::vector<bool> deadlines(const std::string& method);
  // How many calls every method got, e.g. {"GetBucket": 1}.
  std::map<std::string, int> calls();

  grpc::Status GetProviderInfo(grpc::ServerContext*, const v1::GetProviderInfoRequest*,
                               v1::GetProviderInfoResponse*) override;
  grpc::Status GetCapabilities(grpc::ServerContext*, const v1::GetCapabilitiesRequest*,
                               v1::GetCapabilitiesResponse*) override;
  grpc::Status CheckBackend(grpc::ServerContext*, const v1::CheckBackendRequest*,
                            v1::CheckBackendResponse*) override;
  grpc::Status EnsureUser(grpc::ServerContext*, const v1::EnsureUserRequest*,
                          v1::EnsureUserResponse*) override;
  grpc::Status DeleteUser(grpc::ServerContext*, const v1::DeleteUserRequest*,
                          v1::DeleteUserResponse*) override;
  grpc::Status CreateAccessKey(grpc::ServerContext*, const v1::CreateAccessKeyRequest*,
                               v1::CreateAccessKeyResponse*) override;
  grpc::Status DeleteAccessKey(grpc::ServerContext*, const v1::DeleteAccessKeyRequest*,
                               v1::DeleteAccessKeyResponse*) override;
  grpc::Status CreateBucket(grpc::ServerContext*, const v1::CreateBucketRequest*,
                            v1::CreateBucketResponse*) override;
  grpc::Status GetBucket(grpc::ServerContext*, const v1::GetBucketRequest*,
                         v1::GetBucketResponse*) override;
  grpc::Status ListBuckets(grpc::ServerContext*, const v1::ListBucketsRequest*,
                           v1::ListBucketsResponse*) override;
  grpc::Status UpdateBucket(grpc::ServerContext*, const v1::UpdateBucketRequest*,
                            v1::UpdateBucketResponse*) override;
  grpc::Status DeleteBucket(grpc::ServerContext*, const v1::DeleteBucketRequest*,
                            v1::DeleteBucketResponse*) override;
  grpc::Status GetUsage(grpc::ServerContext*, const v1::GetUsageRequest*,
                        v1::GetUsageResponse*) override;
  grpc::Status ListObjects(grpc::ServerContext*, const v1::ListObjectsRequest*,
                           v1::ListObjectsResponse*) override;
  grpc::Status PutObject(grpc::ServerContext*, grpc::ServerReader<v1::PutObjectRequest>*,
                         v1::PutObjectResponse*) override;
  grpc::Status GetObject(grpc::ServerContext*, const v1::GetObjectRequest*,
                         grpc::ServerWriter<v1::GetObjectResponse>*) override;
  grpc::Status DeleteObjects(grpc::ServerContext*, const v1::DeleteObjectsRequest*,
                             v1::DeleteObjectsResponse*) override;
  grpc::Status PresignObject(grpc::ServerContext*, const v1::PresignObjectRequest*,
                             v1::PresignObjectResponse*) override;

 private:
  struct Answer {
    grpc::Status status;
    std::unique_ptr<google::protobuf::Message> response;
  };
  // Records `request` and fills `response` from the next queued answer.
  grpc::Status Handle(const std::string& method, const grpc::ServerContext& context,
                      const google::protobuf::Message& request,
                      google::protobuf::Message* response);

  absl::Mutex mu_;
  std::map<std::string, std::vector<std::unique_ptr<google::protobuf::Message>>> requests_
      ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::vector<bool>> deadlines_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::deque<Answer>> answers_ ABSL_GUARDED_BY(mu_);
  std::vector<ReceivedPut> puts_ ABSL_GUARDED_BY(mu_);
  struct StoredObject {
    v1::ObjectInfo info;
    std::string data;
    size_t chunk_size = 1;
  };
  std::map<std::string, StoredObject> objects_ ABSL_GUARDED_BY(mu_);
};

class FakeProviderServer final {
 public:
  // Starts `service` on 127.0.0.1:0, or on the Unix socket `uds_path` if not empty.
  explicit FakeProviderServer(FakeProviderService& service, const std::string& uds_path = "");
  // Starts `service` on 127.0.0.1:0 with `credentials` (e.g. TLS).
  FakeProviderServer(FakeProviderService& service,
                     std::shared_ptr<grpc::ServerCredentials> credentials);
  ~FakeProviderServer();
  FakeProviderServer(const FakeProviderServer&) = delete;
  FakeProviderServer& operator=(const FakeProviderServer&) = delete;

  // What to pass to --target.
  const std::string& target() const { return target_; }

 private:
  std::unique_ptr<grpc::Server> server_;
  std::string target_;
};

}  // namespace osp::client::testing
