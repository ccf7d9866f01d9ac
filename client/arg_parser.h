// ArgParser: a small GNU-style command-line parser, generic over the flags a command declares.
// Accepts "--name value", "--name=value", bool flags "--name" (or "--name=true|false"), "-h" for
// "--help", "--" to end the flags, and "-" as a positional (stdin/stdout). Flags and positionals
// may be mixed in any order. Thread-safe after construction (Parse is const).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/parsed_args.h"

namespace osp::client {

struct FlagSpec {
  enum class Kind {
    kBool,      // no value: --force-empty
    kValue,     // one value; giving it twice is an error
    kRepeated,  // any number of values: --tag a=1 --tag b=2
  };
  // Without the leading "--".
  std::string name;
  Kind kind = Kind::kValue;
  // Placeholder for the value in help texts, e.g. "ACCOUNT"; unused for bool flags.
  std::string value_name;
  std::string help;
  // Parse fails if the flag is missing.
  bool required = false;
};

class ArgParser final {
 public:
  explicit ArgParser(std::vector<FlagSpec> flags);

  // Splits `args` into flags and positionals. Usage errors (usage_error.h) for an unknown flag,
  // a flag without its value, a value on a bool flag other than true/false, a non-repeated flag
  // given twice, and a missing required flag. "--help" is a flag like others: declare it.
  absl::StatusOr<ParsedArgs> Parse(const std::vector<std::string>& args) const;

  // The spec of flag `name` (without "--"), or nullptr.
  const FlagSpec* Find(absl::string_view name) const;

 private:
  std::vector<FlagSpec> flags_;
};

}  // namespace osp::client
