// CopyReport: the outcome of `ospctl cp --recursive`: a line per file as it finishes, then
// the summary (files and bytes copied, failures) as a line or one JSON document, and the
// command's status (the first failure's code). Thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client/copy_plan.h"
#include "google/protobuf/struct.pb.h"

namespace osp::client {

class CopyReport final {
 public:
  // `upload`: local to bucket; `bucket` is the remote side.
  CopyReport(bool upload, std::string bucket);

  // "uploaded LOCAL -> s3://BUCKET/KEY (SIZE)" or "failed   LOCAL -> s3://...: CODE: message"
  // (arrows reversed for downloads).
  std::string Line(const CopyItem& item, const absl::Status& status) const;

  // Records one file's outcome; call in plan order (refused keys first) so that "first
  // failure" is deterministic.
  void Add(const CopyItem& item, const absl::Status& status);

  // "copied 3 files, 12.5 MiB" and ", 1 failed" if any did.
  std::string Summary() const;
  // {"direction", "bucket", "files", "bytes", "failed", "items": [{"local", "key", "size",
  // "code", "error"}]}, code "OK" for copied files.
  google::protobuf::Struct ToJson() const;
  // OK if every file was copied; else the first failure's code, with a message that counts
  // the failures and names the first one.
  absl::Status Result() const;

 private:
  struct Entry {
    CopyItem item;
    absl::Status status;
  };

  std::string Source(const CopyItem& item) const;
  std::string Destination(const CopyItem& item) const;

  const bool upload_;
  const std::string bucket_;
  std::vector<Entry> entries_;
  int64_t copied_files_ = 0;
  int64_t copied_bytes_ = 0;
};

}  // namespace osp::client
