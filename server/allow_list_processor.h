// AllowListProcessor: enforces listen.tls.allowed_client_subjects on every call that arrives on
// the TCP listener: osp.v1.ObjectStoreProvider, grpc.health.v1.Health and server reflection
// alike. gRPC runs it for each call on the listener's credentials before the call reaches any
// service, so a refused caller never gets a handler, a health status or a schema. The Unix
// socket has no such credentials and is not checked. Immutable after construction; thread-safe
// (gRPC calls Process concurrently).
#pragma once

#include <grpcpp/security/auth_metadata_processor.h>

#include <string>
#include <vector>

#include "providers/base/logger.h"
#include "server/client_allow_list.h"

namespace osp::server {

class AllowListProcessor final : public grpc::AuthMetadataProcessor {
 public:
  // `subjects` as in listen.tls.allowed_client_subjects (validated, not empty). `logger` must
  // outlive the processor (gRPC keeps it as long as the server's credentials).
  AllowListProcessor(const std::vector<std::string>& subjects, providers::base::Logger* logger);
  AllowListProcessor(const AllowListProcessor&) = delete;
  AllowListProcessor& operator=(const AllowListProcessor&) = delete;

  // The check is a set lookup: gRPC may run it on its own thread.
  bool IsBlocking() const override { return false; }

  // OK when the subject of the caller's verified client certificate (the connection's
  // "x509_subject" auth property) is listed. Otherwise the call ends with ClientAllowList::Check's
  // UNAUTHENTICATED / PERMISSION_DENIED and its message, and one warn line is logged:
  //   {"msg":"rpc","rpc":"Check","service":"grpc.health.v1.Health","code":"PERMISSION_DENIED",
  //    "error":"client certificate subject 'CN=x' is not in listen.tls.allowed_client_subjects"}
  // (method and service from the call's :path; gRPC does not give a processor the peer's
  // address). Consumes no metadata. Idempotent.
  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  const ClientAllowList allow_list_;
  providers::base::Logger* const logger_;
};

}  // namespace osp::server
