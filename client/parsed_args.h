// ParsedArgs: the flags and positional arguments of one command line, as ArgParser produced
// them. Values are kept as strings; commands convert them (sizes, durations, enums).
// Thread-compatible (a value type).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace osp::client {

class ParsedArgs final {
 public:
  // Records one value of flag `name` (bool flags record "true" or "false").
  void AddValue(absl::string_view name, std::string value);
  void AddPositional(std::string value);

  // True if flag `name` was given on the line, with any value.
  bool Has(absl::string_view name) const;
  // The last value of flag `name`, or `fallback` if it was not given.
  std::string Value(absl::string_view name, absl::string_view fallback = "") const;
  // Every value of a repeated flag, in order; empty if it was not given.
  const std::vector<std::string>& Values(absl::string_view name) const;
  // True if bool flag `name` was given and not set to false.
  bool Bool(absl::string_view name) const;

  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
  std::vector<std::string> positionals_;
  // What Values returns for a flag that was not given.
  std::vector<std::string> no_values_;
};

}  // namespace osp::client
