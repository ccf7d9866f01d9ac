// Answers a request that does not parse as its message type with INVALID_ARGUMENT instead of
// gRPC's bare INTERNAL. gRPC parses unary and server-streaming requests before any handler runs,
// and protobuf refuses proto3 string fields holding invalid UTF-8, so without this such a caller
// would see an empty INTERNAL error and no "rpc" log line. One interceptor per call (gRPC's
// contract); the factory is stateless and thread-safe.
#pragma once

#include <grpcpp/support/server_interceptor.h>

#include <string>

#include "providers/base/logger.h"

namespace osp::server {

class UndecodableRequestInterceptor final : public grpc::experimental::Interceptor {
 public:
  UndecodableRequestInterceptor(const grpc::experimental::ServerRpcInfo& info,
                                providers::base::Logger* logger);
  UndecodableRequestInterceptor(const UndecodableRequestInterceptor&) = delete;
  UndecodableRequestInterceptor& operator=(const UndecodableRequestInterceptor&) = delete;

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override;

 private:
  providers::base::Logger* const logger_;
  const std::string rpc_;  // "GetBucket" of "/osp.v1.ObjectStoreProvider/GetBucket"
  // Only calls whose single request gRPC parses before the handler; a client stream's handler
  // sees its failed Read() itself.
  const bool parsed_before_handler_;
  bool undecodable_ = false;
};

class UndecodableRequestInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit UndecodableRequestInterceptorFactory(providers::base::Logger* logger);

  // Returns an interceptor owned by gRPC.
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  providers::base::Logger* const logger_;
};

}  // namespace osp::server
