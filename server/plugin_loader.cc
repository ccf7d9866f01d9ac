#include "server/plugin_loader.h"

#include <dlfcn.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "providers/base/status_macros.h"
#include "providers/plugin_api.h"

namespace osp::server {
namespace {

// Room for a plugin's registration error message.
constexpr size_t kErrorSize = 1024;

// Closes a library unless released; for the failure paths of Load.
class HandleCloser final {
 public:
  explicit HandleCloser(void* handle) : handle_(handle) {}
  ~HandleCloser() {
    if (handle_ != nullptr) dlclose(handle_);
  }
  HandleCloser(const HandleCloser&) = delete;
  HandleCloser& operator=(const HandleCloser&) = delete;
  void* Release() { return std::exchange(handle_, nullptr); }

 private:
  void* handle_;
};

}  // namespace

const char* HostBuildFingerprint() { return OSPD_PLUGIN_BUILD_FINGERPRINT; }

PluginLoader::PluginLoader(providers::base::Logger* logger) : logger_(logger) {}

PluginLoader::~PluginLoader() {
  for (auto it = handles_.rbegin(); it != handles_.rend(); ++it) dlclose(*it);
}

absl::Status PluginLoader::LoadAll(const v1::DaemonConfig& config, providers::Registry* registry) {
  std::vector<std::vector<std::string>> types;
  for (int i = 0; i < config.plugins_size(); ++i) {
    ASSIGN_OR_RETURN(std::vector<std::string> added, Load(config.plugins(i), i, registry));
    types.push_back(std::move(added));
  }
  for (int i = 0; i < config.plugins_size(); ++i) {
    logger_->Log(providers::base::LogLevel::kInfo, "plugin loaded",
                 {{"path", config.plugins(i)}, {"types", absl::StrJoin(types[i], ",")}});
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> PluginLoader::Load(const std::string& path, int index,
                                                            providers::Registry* registry) {
  const std::string entry = absl::StrCat("plugins[", index, "]: ");
  const std::string file = absl::StrCat("'", path, "'");
  // RTLD_NOW: a symbol the daemon does not provide fails here, named by dlerror, not at the
  // first call. RTLD_LOCAL: plugins do not see each other.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* error = dlerror();
    return absl::InvalidArgumentError(absl::StrCat(entry, "cannot load ", file, ": ",
                                                   error != nullptr ? error : "unknown error"));
  }
  HandleCloser closer(handle);
  auto abi_version =
      reinterpret_cast<OspdPluginAbiVersionFn>(dlsym(handle, OSPD_PLUGIN_ABI_VERSION_SYMBOL));
  if (abi_version == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(entry, file, " is not an ospd plugin (no ",
                                                   OSPD_PLUGIN_ABI_VERSION_SYMBOL, ")"));
  }
  const int version = abi_version();
  if (version != providers::kPluginAbiVersion) {
    return absl::InvalidArgumentError(absl::StrCat(entry, file, " uses plugin ABI ", version,
                                                   ", this ospd ABI ", providers::kPluginAbiVersion,
                                                   ": rebuild it from this ospd's sources"));
  }
  auto fingerprint =
      reinterpret_cast<OspdPluginFingerprintFn>(dlsym(handle, OSPD_PLUGIN_FINGERPRINT_SYMBOL));
  auto register_types =
      reinterpret_cast<OspdPluginRegisterFn>(dlsym(handle, OSPD_PLUGIN_REGISTER_SYMBOL));
  if (fingerprint == nullptr || register_types == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        entry, file, " is not an ospd plugin (no ",
        fingerprint == nullptr ? OSPD_PLUGIN_FINGERPRINT_SYMBOL : OSPD_PLUGIN_REGISTER_SYMBOL,
        ")"));
  }
  const std::string theirs = fingerprint() != nullptr ? fingerprint() : "";
  if (theirs != HostBuildFingerprint()) {
    return absl::InvalidArgumentError(absl::StrCat(
        entry, file, " was built with ", theirs, ", this ospd with ", HostBuildFingerprint(),
        ": rebuild it with the same compiler, C++ library and Abseil"));
  }

  // From here on the plugin's code may sit in the registry (factories it registered before a
  // failure): the library stays loaded until the loader goes.
  handles_.push_back(closer.Release());
  const std::vector<std::string> before = registry->Types();
  std::array<char, kErrorSize> error{};
  if (register_types(registry, error.data(), error.size()) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(entry, file, " failed to register: ", error.data()));
  }
  std::vector<std::string> added;
  const std::vector<std::string> after = registry->Types();
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(added));
  if (added.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(entry, file, " registered no backend type"));
  }
  return added;
}

}  // namespace osp::server
