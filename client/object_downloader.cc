#include "client/object_downloader.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "grpcpp/support/sync_stream.h"
#include "providers/base/status_macros.h"

namespace osp::client {

namespace {

// The bytes a download of `request` should bring for an object of `size` bytes.
int64_t ExpectedBytes(const v1::GetObjectRequest& request, int64_t size) {
  const int64_t rest = std::max<int64_t>(size - request.range().offset(), 0);
  const int64_t length = request.range().length();
  return length > 0 ? std::min(length, rest) : rest;
}

}  // namespace

ObjectDownloader::ObjectDownloader(CommandContext& ctx, ProgressMeter* progress)
    : ctx_(ctx), progress_(progress) {}

absl::StatusOr<v1::ObjectInfo> ObjectDownloader::Download(const v1::GetObjectRequest& request,
                                                          std::ostream& sink) {
  const std::unique_ptr<grpc::ClientContext> call = ctx_.NewStreamCall();
  std::unique_ptr<grpc::ClientReaderInterface<v1::GetObjectResponse>> reader =
      ctx_.stub().GetObject(call.get(), request);
  v1::GetObjectResponse message;
  v1::ObjectInfo info;
  bool have_info = false;
  int64_t received = 0;
  while (reader->Read(&message)) {
    if (message.has_info()) {
      info = message.info();
      have_info = true;
      if (progress_ != nullptr) progress_->LearnTotal(ExpectedBytes(request, info.size()));
      continue;
    }
    sink.write(message.chunk().data(), static_cast<std::streamsize>(message.chunk().size()));
    if (!sink) {
      call->TryCancel();
      reader->Finish();
      return absl::InternalError("write failed while downloading");
    }
    received += static_cast<int64_t>(message.chunk().size());
    if (progress_ != nullptr) progress_->Add(static_cast<int64_t>(message.chunk().size()));
  }
  RETURN_IF_ERROR(ctx_.ToStatus(reader->Finish()));
  if (!sink.flush()) return absl::InternalError("write failed while downloading");
  if (!have_info) return absl::DataLossError("GetObject stream carried no object info");
  const bool whole = request.range().offset() == 0 && request.range().length() == 0;
  if (whole && received != info.size()) {
    return absl::DataLossError(absl::StrCat("object '", request.key(), "' has ", info.size(),
                                            " bytes but ", received, " arrived"));
  }
  return info;
}

}  // namespace osp::client
