#include "client/output_printer.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "client/usage_error.h"
#include "google/protobuf/util/json_util.h"

namespace osp::client {

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "json") return OutputFormat::kJson;
  return UsageError(absl::StrCat("invalid --output '", text, "': want table or json"));
}

absl::Status FlushStdout(std::ostream& out) {
  if (!out.flush()) return absl::DataLossError("cannot write to standard output");
  return absl::OkStatus();
}

OutputPrinter::OutputPrinter(OutputFormat format, std::ostream& out) : format_(format), out_(out) {}

absl::Status OutputPrinter::Print(const google::protobuf::Message& message,
                                  const std::function<Table()>& make_table) {
  if (json()) return PrintJson(message);
  PrintTable(make_table());
  return absl::OkStatus();
}

absl::Status OutputPrinter::PrintJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot print ", message.GetTypeName(), " as JSON: ", status.ToString()));
  }
  out_ << json;
  if (json.empty() || json.back() != '\n') out_ << '\n';
  return absl::OkStatus();
}

void OutputPrinter::PrintTable(const Table& table) { table.Render(out_); }

void OutputPrinter::PrintLine(absl::string_view line) { out_ << line << '\n'; }

}  // namespace osp::client
