#include "client/copy_report.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "client/exit_code.h"
#include "client/size_parser.h"

namespace osp::client {
namespace {

google::protobuf::Value Text(const std::string& text) {
  google::protobuf::Value value;
  value.set_string_value(text);
  return value;
}

google::protobuf::Value Number(int64_t number) {
  google::protobuf::Value value;
  value.set_number_value(static_cast<double>(number));
  return value;
}

}  // namespace

CopyReport::CopyReport(bool upload, std::string bucket)
    : upload_(upload), bucket_(std::move(bucket)) {}

std::string CopyReport::Source(const CopyItem& item) const {
  return upload_ ? item.local : absl::StrCat("s3://", bucket_, "/", item.key);
}

std::string CopyReport::Destination(const CopyItem& item) const {
  return upload_ ? absl::StrCat("s3://", bucket_, "/", item.key) : item.local;
}

std::string CopyReport::Line(const CopyItem& item, const absl::Status& status) const {
  if (!status.ok()) {
    // A refused key has no local side.
    const std::string where =
        item.local.empty() ? Source(item) : absl::StrCat(Source(item), " -> ", Destination(item));
    return absl::StrCat("failed     ", where, ": ", ErrorLine(status));
  }
  return absl::StrCat(upload_ ? "uploaded   " : "downloaded ", Source(item), " -> ",
                      Destination(item), " (", FormatSize(item.size), ")");
}

void CopyReport::Add(const CopyItem& item, const absl::Status& status) {
  if (status.ok()) {
    ++copied_files_;
    copied_bytes_ += item.size;
  }
  entries_.push_back({item, status});
}

std::string CopyReport::Summary() const {
  std::string line =
      absl::StrCat("copied ", copied_files_, copied_files_ == 1 ? " file, " : " files, ",
                   FormatSize(copied_bytes_));
  const int64_t failed = static_cast<int64_t>(entries_.size()) - copied_files_;
  if (failed > 0) absl::StrAppend(&line, ", ", failed, " failed");
  return line;
}

google::protobuf::Struct CopyReport::ToJson() const {
  google::protobuf::Struct json;
  auto& fields = *json.mutable_fields();
  fields["direction"] = Text(upload_ ? "upload" : "download");
  fields["bucket"] = Text(bucket_);
  fields["files"] = Number(copied_files_);
  fields["bytes"] = Number(copied_bytes_);
  fields["failed"] = Number(static_cast<int64_t>(entries_.size()) - copied_files_);
  google::protobuf::ListValue* items = fields["items"].mutable_list_value();
  for (const Entry& entry : entries_) {
    auto& item = *items->add_values()->mutable_struct_value()->mutable_fields();
    item["local"] = Text(entry.item.local);
    item["key"] = Text(entry.item.key);
    item["size"] = Number(entry.item.size);
    item["code"] = Text(absl::StatusCodeToString(entry.status.code()));
    item["error"] = Text(std::string(entry.status.message()));
  }
  return json;
}

absl::Status CopyReport::Result() const {
  const int64_t failed = static_cast<int64_t>(entries_.size()) - copied_files_;
  for (const Entry& entry : entries_) {
    if (entry.status.ok()) continue;
    return absl::Status(entry.status.code(),
                        absl::StrCat(failed, " of ", entries_.size(), " files not copied; first: ",
                                     Source(entry.item), ": ", entry.status.message()));
  }
  return absl::OkStatus();
}

}  // namespace osp::client
