#include "client/commands/object_command.h"

#include <utility>

namespace osp::client::commands {

CommandSpec ObjectCommand(std::string name, std::string args_usage, std::string summary,
                          size_t min_args, size_t max_args, std::vector<FlagSpec> flags,
                          CommandSpec::Handler run) {
  CommandSpec spec;
  spec.path = {std::move(name)};
  spec.section = "Objects";
  spec.args_usage = std::move(args_usage);
  spec.summary = std::move(summary);
  spec.min_args = min_args;
  spec.max_args = max_args;
  spec.flags = std::move(flags);
  spec.run = std::move(run);
  return spec;
}

}  // namespace osp::client::commands
