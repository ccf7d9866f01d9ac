#include "client/object_uploader.h"

#include <memory>
#include <string>

#include "grpcpp/support/sync_stream.h"
#include "providers/base/status_macros.h"

namespace osp::client {

ObjectUploader::ObjectUploader(CommandContext& ctx, size_t chunk_size, ProgressMeter* progress)
    : ctx_(ctx), chunk_size_(chunk_size), progress_(progress) {}

absl::StatusOr<v1::PutObjectResponse> ObjectUploader::Upload(const v1::PutObjectHeader& header,
                                                             std::istream& data) {
  const std::unique_ptr<grpc::ClientContext> call = ctx_.NewStreamCall();
  v1::PutObjectResponse response;
  std::unique_ptr<grpc::ClientWriterInterface<v1::PutObjectRequest>> writer =
      ctx_.stub().PutObject(call.get(), &response);
  v1::PutObjectRequest message;
  *message.mutable_header() = header;
  // A failed Write means the server already ended the call: Finish reports why.
  bool open = writer->Write(message);
  while (open && data) {
    std::string* chunk = message.mutable_chunk();
    chunk->resize(chunk_size_);
    data.read(chunk->data(), static_cast<std::streamsize>(chunk_size_));
    chunk->resize(static_cast<size_t>(data.gcount()));
    if (data.bad()) {
      call->TryCancel();
      writer->Finish();
      return absl::InternalError("read failed while uploading");
    }
    if (chunk->empty()) continue;
    open = writer->Write(message);
    if (progress_ != nullptr) progress_->Add(static_cast<int64_t>(chunk->size()));
  }
  if (open) writer->WritesDone();
  RETURN_IF_ERROR(ctx_.ToStatus(writer->Finish()));
  return response;
}

}  // namespace osp::client
