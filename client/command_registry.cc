#include "client/command_registry.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace osp::client {

absl::Status CommandRegistry::Add(CommandSpec spec) {
  const std::string name = absl::StrJoin(spec.path, " ");
  if (spec.path.empty() || spec.path.size() > 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("command '", name, "': path must have one or two words"));
  }
  if (!spec.run)
    return absl::InvalidArgumentError(absl::StrCat("command '", name, "': no handler"));
  if (Find(spec.path) != nullptr) {
    return absl::AlreadyExistsError(absl::StrCat("command '", name, "' registered twice"));
  }
  const bool grouped = spec.path.size() == 2;
  if (grouped ? Find({spec.path[0]}) != nullptr : IsGroup(spec.path[0])) {
    return absl::InvalidArgumentError(
        absl::StrCat("command '", name, "': '", spec.path[0], "' is both command and group"));
  }
  commands_.push_back(std::move(spec));
  return absl::OkStatus();
}

const CommandSpec* CommandRegistry::Find(const std::vector<std::string>& path) const {
  for (const CommandSpec& spec : commands_) {
    if (spec.path == path) return &spec;
  }
  return nullptr;
}

bool CommandRegistry::IsGroup(absl::string_view word) const { return !Group(word).empty(); }

std::vector<const CommandSpec*> CommandRegistry::Group(absl::string_view word) const {
  std::vector<const CommandSpec*> group;
  for (const CommandSpec& spec : commands_) {
    if (spec.path.size() == 2 && spec.path[0] == word) group.push_back(&spec);
  }
  return group;
}

}  // namespace osp::client
