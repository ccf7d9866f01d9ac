// ospctl: the command-line client of ospd. Wiring only: defaults from the environment, the
// command registry, and Ospctl (client/ospctl.h) does the rest.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "client/commands/all_commands.h"
#include "client/exit_code.h"
#include "client/ospctl.h"

int main(int argc, char** argv) {
  osp::client::OspctlDefaults defaults;
  if (const char* target = std::getenv("OSPCTL_TARGET"); target != nullptr && *target != '\0') {
    defaults.target = target;
  }
  if (const char* backend = std::getenv("OSPCTL_BACKEND"); backend != nullptr) {
    defaults.backend = backend;
  }
  defaults.stderr_is_tty = isatty(STDERR_FILENO) == 1;
  osp::client::CommandRegistry registry;
  if (const absl::Status status = osp::client::commands::RegisterAllCommands(registry);
      !status.ok()) {
    std::cerr << osp::client::ErrorLine(status) << "\n";
    return osp::client::ExitCodeFor(status);
  }
  std::ios::sync_with_stdio(false);
  osp::client::Ospctl ospctl(registry, defaults, std::cin, std::cout, std::cerr);
  return ospctl.Run(std::vector<std::string>(argv + 1, argv + argc));
}
