#include "tests/unit/client/fake_provider_service.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace osp::client::testing {

void FakeProviderService::Respond(const std::string& method,
                                  const google::protobuf::Message& response) {
  std::unique_ptr<google::protobuf::Message> copy(response.New());
  copy->CopyFrom(response);
  absl::MutexLock lock(&mu_);
  answers_[method].push_back(Answer{grpc::Status::OK, std::move(copy)});
}

void FakeProviderService::Fail(const std::string& method, grpc::Status status) {
  absl::MutexLock lock(&mu_);
  answers_[method].push_back(Answer{std::move(status), nullptr});
}

void FakeProviderService::SetObject(v1::ObjectInfo info, std::string data, size_t chunk_size) {
  absl::MutexLock lock(&mu_);
  const std::string key = info.key();
  objects_[key] = StoredObject{std::move(info), std::move(data), chunk_size};
}

std::vector<ReceivedPut> FakeProviderService::puts() {
  absl::MutexLock lock(&mu_);
  return puts_;
}

std::map<std::string, int> FakeProviderService::calls() {
  absl::MutexLock lock(&mu_);
  std::map<std::string, int> calls;
  for (const auto& [method, requests] : requests_) calls[method] = requests.size();
  return calls;
}

std::vector<bool> FakeProviderService::deadlines(const std::string& method) {
  absl::MutexLock lock(&mu_);
  return deadlines_[method];
}

grpc::Status FakeProviderService::Handle(const std::string& method,
                                         const grpc::ServerContext& context,
                                         const google::protobuf::Message& request,
                                         google::protobuf::Message* response) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  absl::MutexLock lock(&mu_);
  requests_[method].push_back(std::move(copy));
  deadlines_[method].push_back(context.deadline() != std::chrono::system_clock::time_point::max());
  auto& queue = answers_[method];
  if (queue.empty()) return grpc::Status::OK;
  Answer answer = std::move(queue.front());
  queue.pop_front();
  if (answer.response != nullptr && response != nullptr) response->CopyFrom(*answer.response);
  return answer.status;
}

#define OSP_FAKE_UNARY(Method)                                                 \
  grpc::Status FakeProviderService::Method(grpc::ServerContext* context,       \
                                           const v1::Method##Request* request, \
                                           v1::Method##Response* response) {   \
    return Handle(#Method, *context, *request, response);                      \
  }

OSP_FAKE_UNARY(GetProviderInfo)
OSP_FAKE_UNARY(GetCapabilities)
OSP_FAKE_UNARY(CheckBackend)
OSP_FAKE_UNARY(EnsureUser)
OSP_FAKE_UNARY(DeleteUser)
OSP_FAKE_UNARY(CreateAccessKey)
OSP_FAKE_UNARY(DeleteAccessKey)
OSP_FAKE_UNARY(CreateBucket)
OSP_FAKE_UNARY(GetBucket)
OSP_FAKE_UNARY(ListBuckets)
OSP_FAKE_UNARY(UpdateBucket)
OSP_FAKE_UNARY(DeleteBucket)
OSP_FAKE_UNARY(GetUsage)
OSP_FAKE_UNARY(ListObjects)
OSP_FAKE_UNARY(DeleteObjects)
OSP_FAKE_UNARY(PresignObject)

#undef OSP_FAKE_UNARY

grpc::Status FakeProviderService::PutObject(grpc::ServerContext* context,
                                            grpc::ServerReader<v1::PutObjectRequest>* reader,
                                            v1::PutObjectResponse* response) {
  ReceivedPut put;
  v1::PutObjectRequest message;
  while (reader->Read(&message)) {
    if (message.has_header()) {
      put.header = message.header();
    } else {
      put.data += message.chunk();
      ++put.chunks;
    }
  }
  {
    absl::MutexLock lock(&mu_);
    puts_.push_back(put);
  }
  return Handle("PutObject", *context, put.header, response);
}

grpc::Status FakeProviderService::GetObject(grpc::ServerContext* context,
                                            const v1::GetObjectRequest* request,
                                            grpc::ServerWriter<v1::GetObjectResponse>* writer) {
  const grpc::Status status = Handle("GetObject", *context, *request, nullptr);
  if (!status.ok()) return status;
  v1::GetObjectResponse first;
  std::string data;
  size_t chunk_size = 1;
  {
    absl::MutexLock lock(&mu_);
    const auto found = objects_.find(request->key());
    if (found == objects_.end()) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no object '" + request->key() + "'");
    }
    *first.mutable_info() = found->second.info;
    data = found->second.data;
    chunk_size = found->second.chunk_size;
  }
  writer->Write(first);
  for (size_t offset = 0; offset < data.size(); offset += chunk_size) {
    v1::GetObjectResponse chunk;
    chunk.set_chunk(data.substr(offset, std::min(chunk_size, data.size() - offset)));
    writer->Write(chunk);
  }
  return grpc::Status::OK;
}

FakeProviderServer::FakeProviderServer(FakeProviderService& service, const std::string& uds_path) {
  grpc::ServerBuilder builder;
  int port = 0;
  if (uds_path.empty()) {
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  } else {
    builder.AddListeningPort("unix:" + uds_path, grpc::InsecureServerCredentials());
  }
  builder.RegisterService(&service);
  server_ = builder.BuildAndStart();
  target_ = uds_path.empty() ? "127.0.0.1:" + std::to_string(port) : "unix://" + uds_path;
}

FakeProviderServer::FakeProviderServer(FakeProviderService& service,
                                       std::shared_ptr<grpc::ServerCredentials> credentials) {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", std::move(credentials), &port);
  builder.RegisterService(&service);
  server_ = builder.BuildAndStart();
  target_ = "127.0.0.1:" + std::to_string(port);
}

FakeProviderServer::~FakeProviderServer() {
  if (server_ != nullptr) server_->Shutdown();
}

}  // namespace osp::client::testing
