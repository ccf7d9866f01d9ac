#include "client/commands/info_commands.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "client/proto_format.h"
#include "client/table.h"
#include "google/protobuf/descriptor.h"
#include "providers/base/status_macros.h"

namespace osp::client::commands {
namespace {

constexpr char kSection[] = "Daemon and backends";

absl::Status RunInfo(const ParsedArgs&, CommandContext& ctx) {
  v1::GetProviderInfoResponse response;
  RETURN_IF_ERROR(ctx.Unary(&v1::ObjectStoreProvider::StubInterface::GetProviderInfo,
                            v1::GetProviderInfoRequest(), &response));
  if (ctx.printer().json()) return ctx.printer().PrintJson(response);
  ctx.printer().PrintLine(absl::StrCat(response.name(), " ", response.version()));
  Table table({"BACKEND", "TYPE", "ENDPOINT", "URL"});
  for (const v1::BackendInfo& backend : response.backends()) {
    if (backend.endpoints().empty()) table.AddRow({backend.id(), backend.type(), "-", "-"});
    bool first = true;
    for (const v1::BackendEndpoint& endpoint : backend.endpoints()) {
      table.AddRow({first ? backend.id() : "", first ? backend.type() : "", endpoint.name(),
                    endpoint.url()});
      first = false;
    }
  }
  ctx.printer().PrintTable(table);
  return absl::OkStatus();
}

// One row per field of Capabilities, so that features added to the proto show up unasked.
Table CapabilitiesTable(const v1::Capabilities& capabilities) {
  Table table({"FEATURE", "SUPPORTED"});
  const google::protobuf::Descriptor* descriptor = capabilities.GetDescriptor();
  const google::protobuf::Reflection* reflection = capabilities.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    std::string value;
    if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_BOOL) {
      value = YesNo(reflection->GetBool(capabilities, field));
    } else if (field->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_INT32) {
      value = absl::StrCat(reflection->GetInt32(capabilities, field));
    } else {
      continue;
    }
    table.AddRow({absl::StrReplaceAll(field->name(), {{"_", " "}}), value});
  }
  return table;
}

absl::Status RunCapabilities(const ParsedArgs&, CommandContext& ctx) {
  v1::GetCapabilitiesRequest request;
  request.set_backend(ctx.backend());
  v1::GetCapabilitiesResponse response;
  RETURN_IF_ERROR(
      ctx.Unary(&v1::ObjectStoreProvider::StubInterface::GetCapabilities, request, &response));
  return ctx.printer().Print(response, [&] { return CapabilitiesTable(response.capabilities()); });
}

absl::Status RunCheck(const ParsedArgs&, CommandContext& ctx) {
  v1::CheckBackendRequest request;
  request.set_backend(ctx.backend());
  v1::CheckBackendResponse response;
  RETURN_IF_ERROR(
      ctx.Unary(&v1::ObjectStoreProvider::StubInterface::CheckBackend, request, &response));
  int failed = 0;
  for (const v1::BackendCheck& check : response.checks()) failed += check.ok() ? 0 : 1;
  RETURN_IF_ERROR(ctx.printer().Print(response, [&] {
    Table table({"CHECK", "OK", "LATENCY", "MESSAGE"});
    for (const v1::BackendCheck& check : response.checks()) {
      table.AddRow(
          {check.name(), YesNo(check.ok()), FormatProtoDuration(check.latency()), check.message()});
    }
    return table;
  }));
  if (response.ok()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("backend '", ctx.backend(), "' failed ", failed,
                                                    " of ", response.checks_size(), " checks"));
}

}  // namespace

absl::Status RegisterInfoCommands(CommandRegistry& registry) {
  CommandSpec info;
  info.path = {"info"};
  info.section = kSection;
  info.summary = "daemon name, version and the configured backends with their endpoints";
  info.needs_backend = false;
  info.run = RunInfo;
  RETURN_IF_ERROR(registry.Add(std::move(info)));

  CommandSpec capabilities;
  capabilities.path = {"capabilities"};
  capabilities.section = kSection;
  capabilities.summary = "which features the backend has (encryption, versioning, quota, ...)";
  capabilities.run = RunCapabilities;
  RETURN_IF_ERROR(registry.Add(std::move(capabilities)));

  CommandSpec check;
  check.path = {"check"};
  check.section = kSection;
  check.summary = "log in to the backend and probe its endpoints, with latencies";
  check.details =
      "Exits with 9 (FAILED_PRECONDITION) if any check failed; the table says which and why.";
  check.run = RunCheck;
  return registry.Add(std::move(check));
}

}  // namespace osp::client::commands
