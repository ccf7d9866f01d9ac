#include "client/help_text.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace osp::client {
namespace {

constexpr size_t kHelpColumn = 28;

void AppendEntry(absl::string_view left, absl::string_view right, std::string* out) {
  std::string line = absl::StrCat("  ", left);
  line += line.size() + 2 <= kHelpColumn ? std::string(kHelpColumn - line.size(), ' ')
                                         : absl::StrCat("\n", std::string(kHelpColumn, ' '));
  absl::StrAppend(out, line, right, "\n");
}

std::string FlagsHelp(const std::vector<FlagSpec>& flags) {
  std::string out;
  for (const FlagSpec& flag : flags) {
    std::string left = absl::StrCat("--", flag.name);
    if (flag.kind != FlagSpec::Kind::kBool) absl::StrAppend(&left, " ", flag.value_name);
    std::string right = flag.help;
    if (flag.required) absl::StrAppend(&right, " (required)");
    if (flag.kind == FlagSpec::Kind::kRepeated) absl::StrAppend(&right, " (repeatable)");
    AppendEntry(left, right, &out);
  }
  return out;
}

std::string CommandLabel(const CommandSpec& spec) {
  std::string label = absl::StrJoin(spec.path, " ");
  if (!spec.args_usage.empty()) absl::StrAppend(&label, " ", spec.args_usage);
  return label;
}

}  // namespace

std::string UsageLine(const CommandSpec& spec) {
  return absl::StrCat("ospctl ", CommandLabel(spec), spec.flags.empty() ? "" : " [flags]");
}

std::string GlobalHelp(const CommandRegistry& registry, const std::vector<FlagSpec>& global_flags) {
  std::string out =
      "ospctl: command-line client of ospd (gRPC service osp.v1.ObjectStoreProvider).\n\n"
      "Usage: ospctl [global flags] COMMAND [arguments] [flags]\n";
  std::string section;
  for (const CommandSpec& spec : registry.commands()) {
    if (spec.section != section) {
      section = spec.section;
      absl::StrAppend(&out, "\n", section, ":\n");
    }
    AppendEntry(CommandLabel(spec), spec.summary, &out);
  }
  absl::StrAppend(&out, "\nGlobal flags (before or after the command):\n", FlagsHelp(global_flags));
  absl::StrAppend(
      &out,
      "\nErrors are printed on stderr as CODE: message (e.g. NOT_FOUND: bucket 'b' not found).\n"
      "Exit status:\n"
      "  0       success\n"
      "  1-16    the gRPC status code of the failed call: 3 INVALID_ARGUMENT, 5 NOT_FOUND,\n"
      "          6 ALREADY_EXISTS, 7 PERMISSION_DENIED, 9 FAILED_PRECONDITION, 14 UNAVAILABLE,\n"
      "          4 DEADLINE_EXCEEDED, ... (local file errors use the same codes)\n"
      "  64      usage error: bad command line (EX_USAGE; 2 already means UNKNOWN)\n"
      "\nRun 'ospctl COMMAND --help' for the arguments and flags of a command.\n");
  return out;
}

std::string GroupHelp(const CommandRegistry& registry, absl::string_view group) {
  std::string out = absl::StrCat("Usage: ospctl ", group, " SUBCOMMAND [arguments] [flags]\n\n");
  for (const CommandSpec* spec : registry.Group(group)) {
    AppendEntry(CommandLabel(*spec), spec->summary, &out);
  }
  absl::StrAppend(&out, "\nRun 'ospctl ", group,
                  " SUBCOMMAND --help' for its flags, 'ospctl --help' for the global flags.\n");
  return out;
}

std::string CommandHelp(const CommandSpec& spec) {
  std::string out = absl::StrCat("Usage: ", UsageLine(spec), "\n\n", spec.summary, "\n");
  if (!spec.details.empty()) absl::StrAppend(&out, "\n", spec.details, "\n");
  if (!spec.flags.empty()) absl::StrAppend(&out, "\nFlags:\n", FlagsHelp(spec.flags));
  absl::StrAppend(&out,
                  "\nGlobal flags (--target, --backend, --output, ...): see 'ospctl --help'.\n");
  return out;
}

}  // namespace osp::client
