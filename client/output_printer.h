// OutputPrinter: writes a command's result to stdout either as a table for people or as the
// protobuf JSON of the response (one document per command) for scripts. Thread-compatible.
#pragma once

#include <functional>
#include <ostream>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/table.h"
#include "google/protobuf/message.h"

namespace osp::client {

enum class OutputFormat { kTable, kJson };

// "table" or "json"; anything else is a usage error.
absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text);

// Flushes `out`, a command's stdout. DATA_LOSS "cannot write to standard output" if that or an
// earlier write failed (a full disk, a closed pipe): the output is incomplete.
absl::Status FlushStdout(std::ostream& out);

class OutputPrinter final {
 public:
  OutputPrinter(OutputFormat format, std::ostream& out);
  OutputPrinter(const OutputPrinter&) = delete;
  OutputPrinter& operator=(const OutputPrinter&) = delete;

  bool json() const { return format_ == OutputFormat::kJson; }

  // In JSON mode prints `message` (every field, also defaults, enum names, lowerCamelCase
  // names, indented); in table mode renders the table `make_table` builds. INTERNAL if the
  // message cannot be converted.
  absl::Status Print(const google::protobuf::Message& message,
                     const std::function<Table()>& make_table);

  // The protobuf JSON of `message` followed by a newline, whatever the format.
  absl::Status PrintJson(const google::protobuf::Message& message);
  void PrintTable(const Table& table);
  // A line of text, whatever the format (e.g. a presigned URL in table mode).
  void PrintLine(absl::string_view line);

 private:
  OutputFormat format_;
  std::ostream& out_;
};

}  // namespace osp::client
