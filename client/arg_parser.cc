#include "client/arg_parser.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/usage_error.h"

namespace osp::client {
namespace {

bool IsFlagToken(absl::string_view token) { return token.size() > 1 && token[0] == '-'; }

}  // namespace

ArgParser::ArgParser(std::vector<FlagSpec> flags) : flags_(std::move(flags)) {}

const FlagSpec* ArgParser::Find(absl::string_view name) const {
  for (const FlagSpec& flag : flags_) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

absl::StatusOr<ParsedArgs> ArgParser::Parse(const std::vector<std::string>& args) const {
  ParsedArgs parsed;
  bool flags_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& token = args[i];
    if (!flags_ended && token == "--") {
      flags_ended = true;
      continue;
    }
    if (flags_ended || !IsFlagToken(token)) {
      parsed.AddPositional(token);
      continue;
    }
    if (token == "-h") {
      if (Find("help") == nullptr) return UsageError("unknown flag -h");
      parsed.AddValue("help", "true");
      continue;
    }
    if (!absl::StartsWith(token, "--")) {
      return UsageError(absl::StrCat("unknown flag ", token, " (flags start with --)"));
    }
    absl::string_view body = absl::string_view(token).substr(2);
    const size_t eq = body.find('=');
    const absl::string_view name = body.substr(0, eq);
    const FlagSpec* flag = Find(name);
    if (flag == nullptr) return UsageError(absl::StrCat("unknown flag --", name));
    if (flag->kind != FlagSpec::Kind::kRepeated && parsed.Has(name)) {
      return UsageError(absl::StrCat("flag --", name, " given more than once"));
    }
    if (flag->kind == FlagSpec::Kind::kBool) {
      std::string value = "true";
      if (eq != absl::string_view::npos) {
        value = std::string(body.substr(eq + 1));
        if (value != "true" && value != "false") {
          return UsageError(absl::StrCat("flag --", name, " takes no value or true|false"));
        }
      }
      parsed.AddValue(name, std::move(value));
      continue;
    }
    if (eq != absl::string_view::npos) {
      parsed.AddValue(name, std::string(body.substr(eq + 1)));
      continue;
    }
    if (i + 1 >= args.size()) {
      return UsageError(absl::StrCat("flag --", name, " needs a value (", flag->value_name, ")"));
    }
    parsed.AddValue(name, args[++i]);
  }
  for (const FlagSpec& flag : flags_) {
    if (flag.required && !parsed.Has(flag.name)) {
      return UsageError(absl::StrCat("missing required flag --", flag.name));
    }
  }
  return parsed;
}

}  // namespace osp::client
