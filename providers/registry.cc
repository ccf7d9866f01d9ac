#include "providers/registry.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace osp::providers {

absl::Status Registry::Register(const std::string& type, ProviderFactory factory) {
  if (type.empty()) return absl::InvalidArgumentError("provider type: empty");
  if (!factories_.emplace(type, std::move(factory)).second) {
    return absl::AlreadyExistsError(absl::StrCat("provider type '", type, "' already registered"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Provider>> Registry::Create(const BackendSettings& settings,
                                                           const ProviderDeps& deps) const {
  auto it = factories_.find(settings.type);
  if (it == factories_.end()) {
    return absl::InvalidArgumentError(absl::StrCat("type: unknown backend type '", settings.type,
                                                   "' (known: ", absl::StrJoin(Types(), ", "),
                                                   ")"));
  }
  return it->second(settings, deps);
}

std::vector<std::string> Registry::Types() const {
  std::vector<std::string> types;
  for (const auto& [type, factory] : factories_) types.push_back(type);
  return types;
}

}  // namespace osp::providers
