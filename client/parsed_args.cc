#include "client/parsed_args.h"

#include <utility>

namespace osp::client {

void ParsedArgs::AddValue(absl::string_view name, std::string value) {
  values_[std::string(name)].push_back(std::move(value));
}

void ParsedArgs::AddPositional(std::string value) { positionals_.push_back(std::move(value)); }

bool ParsedArgs::Has(absl::string_view name) const { return values_.find(name) != values_.end(); }

std::string ParsedArgs::Value(absl::string_view name, absl::string_view fallback) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::string(fallback);
  return it->second.back();
}

const std::vector<std::string>& ParsedArgs::Values(absl::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? no_values_ : it->second;
}

bool ParsedArgs::Bool(absl::string_view name) const { return Value(name, "false") == "true"; }

}  // namespace osp::client
