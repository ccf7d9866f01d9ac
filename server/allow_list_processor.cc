#include "server/allow_list_processor.h"

#include <grpc/grpc_security_constants.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/status_mapping.h"

namespace osp::server {
namespace {

absl::string_view View(const grpc::string_ref& ref) { return {ref.data(), ref.size()}; }

// The call's ":path" ("/grpc.health.v1.Health/Check"), empty if absent.
absl::string_view PathOf(const grpc::AuthMetadataProcessor::InputMetadata& metadata) {
  auto it = metadata.find(":path");
  return it == metadata.end() ? absl::string_view() : View(it->second);
}

CallerIdentity CallerOf(const grpc::AuthContext& context) {
  CallerIdentity caller;
  const std::vector<grpc::string_ref> subjects =
      context.FindPropertyValues(GRPC_X509_SUBJECT_PROPERTY_NAME);
  if (!subjects.empty()) caller.certificate_subject = std::string(View(subjects.front()));
  return caller;
}

}  // namespace

AllowListProcessor::AllowListProcessor(const std::vector<std::string>& subjects,
                                       providers::base::Logger* logger)
    : allow_list_(subjects), logger_(logger) {}

grpc::Status AllowListProcessor::Process(const InputMetadata& auth_metadata,
                                         grpc::AuthContext* context,
                                         OutputMetadata* /*consumed_auth_metadata*/,
                                         OutputMetadata* /*response_metadata*/) {
  const absl::Status status = allow_list_.Check(CallerOf(*context));
  if (status.ok()) return grpc::Status::OK;
  absl::string_view path = PathOf(auth_metadata);
  path.remove_prefix(path.empty() || path.front() != '/' ? 0 : 1);
  const size_t slash = path.rfind('/');
  const absl::string_view service =
      slash == absl::string_view::npos ? absl::string_view() : path.substr(0, slash);
  const absl::string_view method = path.substr(slash == absl::string_view::npos ? 0 : slash + 1);
  logger_->Log(providers::base::LogLevel::kWarn, "rpc",
               {{"rpc", std::string(method)},
                {"service", std::string(service)},
                {"code", absl::StatusCodeToString(status.code())},
                {"error", std::string(status.message())}});
  return ToGrpcStatus(status);
}

}  // namespace osp::server
