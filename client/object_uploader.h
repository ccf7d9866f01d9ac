// ObjectUploader: one PutObject client stream: the header, then the data of an istream in
// fixed-size chunks, in constant memory. The unit a recursive copy will call per file.
// Thread-compatible; one Upload at a time per object.
#pragma once

#include <cstddef>
#include <istream>

#include "absl/status/statusor.h"
#include "client/command_context.h"
#include "client/progress_meter.h"
#include "osp/v1/provider.pb.h"

namespace osp::client {

class ObjectUploader final {
 public:
  // 1 MiB: well under gRPC's 4 MiB message limit, big enough to keep the stream busy.
  static constexpr size_t kDefaultChunkSize = 1 << 20;

  // Reports the bytes sent to `progress` unless it is null (it must outlive the uploader).
  explicit ObjectUploader(CommandContext& ctx, size_t chunk_size = kDefaultChunkSize,
                          ProgressMeter* progress = nullptr);

  // Sends `header`, then `data` to its end, and returns the server's response. The RPC's
  // status (CommandContext::ToStatus) if the server fails the upload; INTERNAL if reading
  // `data` fails (the call is cancelled). Idempotent as PutObject is (same key, same data).
  absl::StatusOr<v1::PutObjectResponse> Upload(const v1::PutObjectHeader& header,
                                               std::istream& data);

 private:
  CommandContext& ctx_;
  const size_t chunk_size_;
  ProgressMeter* const progress_;
};

}  // namespace osp::client
