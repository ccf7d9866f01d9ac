// ObjectDownloader: one GetObject server stream written to an ostream chunk by chunk, in
// constant memory. The unit a recursive copy will call per object. Thread-compatible.
#pragma once

#include <ostream>

#include "absl/status/statusor.h"
#include "client/command_context.h"
#include "client/progress_meter.h"
#include "osp/v1/provider.pb.h"

namespace osp::client {

class ObjectDownloader final {
 public:
  // Reports the bytes written, and the size it expects once the object info arrived, to
  // `progress` unless it is null (it must outlive the downloader).
  explicit ObjectDownloader(CommandContext& ctx, ProgressMeter* progress = nullptr);

  // Streams the object `request` names into `sink` and returns its info (the stream's first
  // message). The RPC's status if the server fails; DATA_LOSS if the info message is missing or
  // a whole-object download ends with fewer or more bytes than info.size; INTERNAL if writing
  // to `sink` fails (the call is cancelled) or flushing it at the end does. Idempotent.
  absl::StatusOr<v1::ObjectInfo> Download(const v1::GetObjectRequest& request, std::ostream& sink);

 private:
  CommandContext& ctx_;
  ProgressMeter* const progress_;
};

}  // namespace osp::client
