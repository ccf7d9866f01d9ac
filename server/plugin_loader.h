// PluginLoader: loads the shared libraries named by the config's `plugins:` (dlopen) and lets
// each register its backend types into the Registry through the entry points of
// providers/plugin_api.h, after checking that it was built for this daemon (plugin ABI version and
// build fingerprint) without running any of its C++ first. Keeps every library it registered
// from loaded until it is destroyed, so it must outlive the Registry and the providers the
// plugins made (main declares it before both). Start-up only: not thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "osp/v1/config.pb.h"
#include "providers/base/logger.h"
#include "providers/registry.h"

namespace osp::server {

// This daemon's build fingerprint (OSPD_PLUGIN_BUILD_FINGERPRINT): compiler, C++ library and
// Abseil a plugin must have been built with.
const char* HostBuildFingerprint();

class PluginLoader final {
 public:
  // `logger` must outlive the loader.
  explicit PluginLoader(providers::base::Logger* logger);
  // Unloads the libraries, last loaded first.
  ~PluginLoader();
  PluginLoader(const PluginLoader&) = delete;
  PluginLoader& operator=(const PluginLoader&) = delete;

  // Loads every config.plugins entry in order (config validated by ValidateConfig) and stops at
  // the first failure, returning it. Only once all are loaded, logs "plugin loaded" (path, types)
  // for each: a bad config prints its one error line and nothing else.
  absl::Status LoadAll(const v1::DaemonConfig& config, providers::Registry* registry);

  // Loads the plugin at `path` (plugins[`index`] in the config), runs its registration and
  // returns the types it added. Every failure is INVALID_ARGUMENT naming the entry and the file;
  // a library refused before its registration ran is unloaded again:
  //   "plugins[0]: cannot load '/p/x.so': <dlerror>"
  //   "plugins[0]: '/p/x.so' is not an ospd plugin (no ospd_plugin_abi_version)"
  //   "plugins[0]: '/p/x.so' uses plugin ABI 2, this ospd ABI 1: rebuild it from this ospd's
  //    sources"
  //   "plugins[0]: '/p/x.so' was built with <fingerprint>, this ospd with <fingerprint>: rebuild
  //    it with the same compiler, C++ library and Abseil"
  //   "plugins[0]: '/p/x.so' failed to register: <its message>"
  //   "plugins[0]: '/p/x.so' registered no backend type"
  absl::StatusOr<std::vector<std::string>> Load(const std::string& path, int index,
                                                providers::Registry* registry);

 private:
  providers::base::Logger* const logger_;
  std::vector<void*> handles_;
};

}  // namespace osp::server
