#include "client/ospctl.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/channel_factory.h"
#include "client/command_context.h"
#include "client/exit_code.h"
#include "client/help_text.h"
#include "client/output_printer.h"
#include "client/usage_error.h"
#include "providers/base/status_macros.h"

namespace osp::client {
namespace {

// Where the command words are on the line: global flags may come before them.
struct Located {
  std::vector<std::string> words;  // {"bucket", "create"}, {"bucket"}, or empty
  std::vector<std::string> rest;   // every other token, in order
  bool help = false;
};

bool IsHelpToken(absl::string_view token) {
  return token == "-h" || token == "--help" || absl::StartsWith(token, "--help=");
}

absl::StatusOr<Located> Locate(const CommandRegistry& registry, const ArgParser& global,
                               const std::vector<std::string>& args) {
  Located located;
  bool complete = false;
  bool flags_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& token = args[i];
    if (token == "--") flags_ended = true;
    if (!flags_ended && IsHelpToken(token)) located.help = true;
    if (complete || flags_ended) {
      located.rest.push_back(token);
      continue;
    }
    if (token.size() > 1 && token[0] == '-') {
      located.rest.push_back(token);
      if (IsHelpToken(token)) continue;
      const absl::string_view body = absl::string_view(token).substr(token[1] == '-' ? 2 : 1);
      const absl::string_view name = body.substr(0, body.find('='));
      const FlagSpec* flag = global.Find(name);
      if (flag == nullptr) {
        return UsageError(absl::StrCat("unknown flag ", token,
                                       " before the command (command flags go after it)"));
      }
      if (flag->kind != FlagSpec::Kind::kBool && body.find('=') == absl::string_view::npos &&
          i + 1 < args.size()) {
        located.rest.push_back(args[++i]);
      }
      continue;
    }
    located.words.push_back(token);
    if (registry.Find(located.words) != nullptr) {
      complete = true;
    } else if (located.words.size() > 1 || !registry.IsGroup(token)) {
      return UsageError(absl::StrCat("unknown command '", absl::StrJoin(located.words, " "),
                                     "' (see ospctl --help)"));
    }
  }
  return located;
}

std::string SubcommandNames(const CommandRegistry& registry, absl::string_view group) {
  std::vector<std::string> names;
  for (const CommandSpec* spec : registry.Group(group)) names.push_back(spec->path[1]);
  return absl::StrJoin(names, ", ");
}

absl::Status CheckArgCount(const CommandSpec& spec, const ParsedArgs& args) {
  const size_t count = args.positionals().size();
  if (count >= spec.min_args && count <= spec.max_args) return absl::OkStatus();
  if (count < spec.min_args) {
    return UsageError(absl::StrCat("missing arguments: ", UsageLine(spec)));
  }
  return UsageError(absl::StrCat("unexpected argument '", args.positionals()[spec.max_args],
                                 "': ", UsageLine(spec)));
}

}  // namespace

Ospctl::Ospctl(const CommandRegistry& registry, OspctlDefaults defaults, std::istream& in,
               std::ostream& out, std::ostream& err)
    : registry_(registry), defaults_(std::move(defaults)), in_(in), out_(out), err_(err) {}

int Ospctl::Run(const std::vector<std::string>& args) {
  if (args.empty()) {
    err_ << GlobalHelp(registry_, GlobalFlagSpecs());
    return kExitUsage;
  }
  std::string usage_hint = "ospctl --help";
  absl::Status status = Dispatch(args, &usage_hint);
  const absl::Status flushed = FlushStdout(out_);
  if (status.ok()) status = flushed;
  if (IsUsageError(status)) {
    err_ << "ospctl: " << status.message() << "\nRun '" << usage_hint << "' for usage.\n";
  } else if (!status.ok()) {
    err_ << ErrorLine(status) << "\n";
  }
  return ExitCodeFor(status);
}

absl::Status Ospctl::Dispatch(const std::vector<std::string>& args, std::string* usage_hint) {
  const std::vector<FlagSpec> global_flags = GlobalFlagSpecs();
  ASSIGN_OR_RETURN(const Located located, Locate(registry_, ArgParser(global_flags), args));
  const CommandSpec* spec = registry_.Find(located.words);
  if (located.help) {
    if (spec != nullptr) {
      out_ << CommandHelp(*spec);
    } else if (!located.words.empty()) {
      out_ << GroupHelp(registry_, located.words[0]);
    } else {
      out_ << GlobalHelp(registry_, global_flags);
    }
    return absl::OkStatus();
  }
  if (located.words.empty()) return UsageError("no command given");
  if (spec == nullptr) {
    *usage_hint = absl::StrCat("ospctl ", located.words[0], " --help");
    return UsageError(absl::StrCat("'", located.words[0], "' needs a subcommand: ",
                                   SubcommandNames(registry_, located.words[0])));
  }
  *usage_hint = absl::StrCat("ospctl ", absl::StrJoin(spec->path, " "), " --help");

  std::vector<FlagSpec> flags = global_flags;
  flags.insert(flags.end(), spec->flags.begin(), spec->flags.end());
  ASSIGN_OR_RETURN(const ParsedArgs parsed, ArgParser(std::move(flags)).Parse(located.rest));
  RETURN_IF_ERROR(CheckArgCount(*spec, parsed));
  ASSIGN_OR_RETURN(const GlobalOptions options, GlobalOptionsFromArgs(parsed, defaults_));
  if (spec->needs_backend && options.backend.empty()) {
    return UsageError("no backend: give --backend ID or set OSPCTL_BACKEND");
  }
  ASSIGN_OR_RETURN(auto channel, ChannelFactory().Create(options.channel));
  OutputPrinter printer(options.output, out_);
  CommandContext context(std::move(channel), options.channel.target, options.backend,
                         options.timeout, options.stream_timeout, printer, in_, out_);
  // Progress lines are for people watching a terminal, never for scripts or logs.
  if (defaults_.stderr_is_tty && !options.quiet && options.output != OutputFormat::kJson) {
    context.EnableProgress(err_, clock_);
  }
  return spec->run(parsed, context);
}

}  // namespace osp::client
