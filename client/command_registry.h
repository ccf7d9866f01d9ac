// CommandRegistry: every ospctl subcommand, in the order the groups registered them (which is
// the order of `ospctl --help`). Filled once before Ospctl runs; read-only afterwards, then
// thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "client/command_spec.h"

namespace osp::client {

class CommandRegistry final {
 public:
  CommandRegistry() = default;
  CommandRegistry(const CommandRegistry&) = delete;
  CommandRegistry& operator=(const CommandRegistry&) = delete;

  // Adds `spec`. INVALID_ARGUMENT for an empty path or a path of more than two words, a missing
  // handler, or a word that is both a command and a group; ALREADY_EXISTS for a duplicate path.
  absl::Status Add(CommandSpec spec);

  // The command with exactly these words, or nullptr.
  const CommandSpec* Find(const std::vector<std::string>& path) const;
  // True if `word` is the first of several words (e.g. "bucket").
  bool IsGroup(absl::string_view word) const;
  // The commands of group `word`, in registration order.
  std::vector<const CommandSpec*> Group(absl::string_view word) const;

  const std::vector<CommandSpec>& commands() const { return commands_; }

 private:
  std::vector<CommandSpec> commands_;
};

}  // namespace osp::client
