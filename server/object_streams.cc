#include "server/object_streams.h"

#include <algorithm>
#include <string>
#include <thread>
#include <utility>

#include "providers/base/chunk_queue.h"
#include "providers/base/status_macros.h"
#include "server/object_convert.h"

namespace osp::server {

providers::ChunkReader UploadChunks(grpc::ServerReaderInterface<v1::PutObjectRequest>* reader,
                                    const grpc::ServerContextBase* ctx,
                                    metrics::Counter* received_bytes) {
  return [reader, ctx, received_bytes](std::string* chunk) -> absl::StatusOr<bool> {
    v1::PutObjectRequest message;
    while (reader->Read(&message)) {
      if (message.has_header()) {
        return absl::InvalidArgumentError("header: allowed only in the first message");
      }
      if (message.chunk().empty()) continue;
      *chunk = std::move(*message.mutable_chunk());
      received_bytes->Increment(static_cast<double>(chunk->size()));
      return true;
    }
    // Read fails both at the caller's end of stream and when the call broke; only the first is
    // a complete upload.
    if (ctx->IsCancelled()) return absl::CancelledError("the caller cancelled the upload");
    return false;
  };
}

absl::Status DownloadObject(providers::Provider& provider,
                            const providers::GetObjectRequest& request,
                            grpc::ServerWriterInterface<v1::GetObjectResponse>* writer,
                            const providers::CallContext& ctx, v1::ObjectInfo* info,
                            metrics::Counter* sent_bytes, size_t max_chunk) {
  bool info_sent = false;
  const auto on_info = [&](const providers::ObjectInfo& object) -> absl::Status {
    v1::GetObjectResponse message;
    *message.mutable_info() = ToProto(object);
    *info = message.info();
    if (!writer->Write(message)) return absl::CancelledError("the caller closed the download");
    info_sent = true;
    return absl::OkStatus();
  };
  // The provider's pieces (as small as the backend's socket reads) are gathered into messages
  // of max_chunk bytes: every message costs a blocking Write and a wake-up on both sides. Full
  // messages go to a sender thread, so that the backend's next bytes arrive while the caller
  // takes the last ones; an object that fits one message never starts it.
  providers::base::ChunkQueue queue(kDownloadQueueChunks);
  std::thread sender;
  // Written by the one thread that writes at a time, read after joining the sender.
  bool caller_gone = false;
  const auto send = [&](const v1::GetObjectResponse& message) {
    if (!writer->Write(message)) {
      caller_gone = true;
      return false;
    }
    sent_bytes->Increment(static_cast<double>(message.chunk().size()));
    return true;
  };
  const auto send_all = [&] {
    v1::GetObjectResponse message;
    while (queue.Pop(message.mutable_chunk()).value_or(false)) {
      if (!send(message)) {
        queue.Abandon();
        return;
      }
    }
  };
  std::string pending;
  const auto hand_over = [&]() -> absl::Status {
    if (!sender.joinable()) sender = std::thread(send_all);
    if (!queue.Push(&pending)) return absl::CancelledError("the caller closed the download");
    return absl::OkStatus();
  };
  const auto write = [&](absl::string_view data) -> absl::Status {
    if (!info_sent) return absl::InternalError("provider streamed data before the object info");
    while (!data.empty()) {
      // One allocation per buffer: the first piece, and each buffer Push hands back.
      if (pending.capacity() < max_chunk) pending.reserve(max_chunk);
      const size_t n = std::min(data.size(), max_chunk - pending.size());
      pending.append(data.data(), n);
      data.remove_prefix(n);
      if (pending.size() == max_chunk) RETURN_IF_ERROR(hand_over());
    }
    return absl::OkStatus();
  };
  absl::Status status = provider.GetObject(request, on_info, write, ctx);
  // Data that arrived before a backend failure still reaches the caller, as it would unbuffered.
  if (info_sent && !pending.empty()) {
    if (sender.joinable()) {
      status.Update(hand_over());
    } else {
      v1::GetObjectResponse message;
      message.mutable_chunk()->swap(pending);
      send(message);
    }
  }
  queue.Close(absl::OkStatus());
  if (sender.joinable()) sender.join();
  if (caller_gone) return absl::CancelledError("the caller closed the download");
  if (status.ok() && !info_sent) return absl::InternalError("provider sent no object info");
  return status;
}

}  // namespace osp::server
