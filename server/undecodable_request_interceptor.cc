#include "server/undecodable_request_interceptor.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/status_mapping.h"

namespace osp::server {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

std::string RpcName(const char* method) {
  const absl::string_view full = method == nullptr ? "" : method;
  const size_t slash = full.rfind('/');
  return std::string(slash == absl::string_view::npos ? full : full.substr(slash + 1));
}

}  // namespace

UndecodableRequestInterceptor::UndecodableRequestInterceptor(const ServerRpcInfo& info,
                                                             providers::base::Logger* logger)
    : logger_(logger),
      rpc_(RpcName(info.method())),
      parsed_before_handler_(info.type() == ServerRpcInfo::Type::UNARY ||
                             info.type() == ServerRpcInfo::Type::SERVER_STREAMING) {}

void UndecodableRequestInterceptor::Intercept(
    grpc::experimental::InterceptorBatchMethods* methods) {
  if (parsed_before_handler_ &&
      methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
      methods->GetRecvMessage() == nullptr) {
    undecodable_ = true;  // gRPC will answer without running the handler.
  }
  if (undecodable_ &&
      methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
    const absl::Status status = absl::InvalidArgumentError(absl::StrCat(
        "request: not a valid ", rpc_, " request (string fields must be valid UTF-8)"));
    methods->ModifySendStatus(ToGrpcStatus(status));
    logger_->Log(providers::base::LogLevel::kInfo, "rpc",
                 {{"rpc", rpc_},
                  {"code", absl::StatusCodeToString(status.code())},
                  {"error", std::string(status.message())}});
  }
  methods->Proceed();
}

UndecodableRequestInterceptorFactory::UndecodableRequestInterceptorFactory(
    providers::base::Logger* logger)
    : logger_(logger) {}

grpc::experimental::Interceptor* UndecodableRequestInterceptorFactory::CreateServerInterceptor(
    ServerRpcInfo* info) {
  return new UndecodableRequestInterceptor(*info, logger_);
}

}  // namespace osp::server
