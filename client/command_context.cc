#include "client/command_context.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"

namespace osp::client {

CommandContext::CommandContext(std::shared_ptr<grpc::Channel> channel, std::string target,
                               std::string backend, absl::Duration timeout,
                               absl::Duration stream_timeout, OutputPrinter& printer,
                               std::istream& in, std::ostream& out)
    : channel_(std::move(channel)),
      stub_(v1::ObjectStoreProvider::NewStub(channel_)),
      target_(std::move(target)),
      backend_(std::move(backend)),
      timeout_(timeout),
      stream_timeout_(stream_timeout),
      printer_(printer),
      in_(in),
      out_(out) {}

void CommandContext::EnableProgress(std::ostream& err, const providers::base::Clock& clock) {
  progress_out_ = &err;
  progress_clock_ = &clock;
}

std::unique_ptr<ProgressMeter> CommandContext::NewProgress(int64_t total_bytes,
                                                           int total_files) const {
  if (progress_out_ == nullptr) return nullptr;
  return std::make_unique<ProgressMeter>(*progress_out_, *progress_clock_, total_bytes,
                                         total_files);
}

namespace {

std::unique_ptr<grpc::ClientContext> CallWithin(absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (timeout > absl::ZeroDuration()) {
    context->set_deadline(std::chrono::system_clock::now() + absl::ToChronoNanoseconds(timeout));
  }
  return context;
}

}  // namespace

std::unique_ptr<grpc::ClientContext> CommandContext::NewCall() const {
  return CallWithin(timeout_);
}

std::unique_ptr<grpc::ClientContext> CommandContext::NewStreamCall() const {
  return CallWithin(stream_timeout_);
}

absl::Status CommandContext::ToStatus(const grpc::Status& status) const {
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  if (status.ok()) return absl::OkStatus();
  // A channel that is not READY after a failed call never reached ospd: the failure is ours
  // (socket path, port, TLS), not the backend's, so say where we tried to go.
  const bool unreachable =
      (code == absl::StatusCode::kUnavailable || code == absl::StatusCode::kDeadlineExceeded) &&
      channel_->GetState(false) != GRPC_CHANNEL_READY;
  if (unreachable) {
    return absl::Status(
        code, absl::StrCat("cannot reach ospd at ", target_, ": ", status.error_message()));
  }
  return absl::Status(code, status.error_message());
}

}  // namespace osp::client
