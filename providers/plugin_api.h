// The plugin interface of ospd: a shared library loaded at start-up (config `plugins:`) that
// registers backend types into the daemon's Registry, exactly as the built-in ecs and minio do.
// A plugin is one C++ source file plus this header:
//
//   #include "providers/plugin_api.h"
//   absl::Status RegisterS4(osp::providers::Registry* registry) {
//     return registry->Register("s4", [](const osp::providers::BackendSettings& settings,
//                                        const osp::providers::ProviderDeps& deps)
//                                   -> absl::StatusOr<std::unique_ptr<osp::providers::Provider>> {
//       ...
//     });
//   }
//   OSPD_PLUGIN(RegisterS4)
//
// The entry points are C symbols, so the daemon can find and version-check them, but what goes
// across is C++ (Registry, Provider, BackendSettings, absl::Status, std::string): a plugin must be
// built from the same ospd sources (this header and everything it includes), with the same
// compiler and C++ standard library, against the same Abseil and with the same options. The
// daemon refuses a plugin whose ABI version or build fingerprint differs from its own before
// calling any C++ in it. Registration runs once, single-threaded, before any backend is built;
// the providers a plugin creates are called from many threads (see provider.h).
#pragma once

#include <cstddef>
#include <cstring>
#include <string>

#include "absl/base/config.h"
#include "absl/status/status.h"
#include "providers/registry.h"

namespace osp::providers {

// Raised whenever the types a plugin sees change incompatibly: Provider, Registry, ProviderDeps,
// BackendSettings, the domain types, the logger/clock/transport interfaces.
inline constexpr int kPluginAbiVersion = 1;

}  // namespace osp::providers

// What else must match between ospd and a plugin: compiler, C++ library and Abseil versions.
#define OSPD_PLUGIN_STRINGIFY_(x) #x
#define OSPD_PLUGIN_STRINGIFY(x) OSPD_PLUGIN_STRINGIFY_(x)
#define OSPD_PLUGIN_BUILD_FINGERPRINT                          \
  "compiler=" __VERSION__ ";libstdc++=" OSPD_PLUGIN_STRINGIFY( \
      _GLIBCXX_RELEASE) ";abseil=" OSPD_PLUGIN_STRINGIFY(ABSL_OPTION_INLINE_NAMESPACE_NAME)

extern "C" {
// Symbol names the daemon looks up.
#define OSPD_PLUGIN_ABI_VERSION_SYMBOL "ospd_plugin_abi_version"
#define OSPD_PLUGIN_FINGERPRINT_SYMBOL "ospd_plugin_build_fingerprint"
#define OSPD_PLUGIN_REGISTER_SYMBOL "ospd_plugin_register_v1"

// The kPluginAbiVersion the plugin was built with. Plain C: safe to call whatever the plugin.
typedef int (*OspdPluginAbiVersionFn)(void);
// OSPD_PLUGIN_BUILD_FINGERPRINT as the plugin was built. Plain C.
typedef const char* (*OspdPluginFingerprintFn)(void);
// Registers the plugin's types into `registry`. Returns 0, or non-zero with a NUL-terminated
// message (at most error_size bytes, never a secret) in `error`.
typedef int (*OspdPluginRegisterFn)(osp::providers::Registry* registry, char* error,
                                    size_t error_size);
}

// Defines the three entry points of a plugin around `register_function`, an
// absl::Status(osp::providers::Registry*). Use once, at namespace scope, in the plugin.
#define OSPD_PLUGIN(register_function)                                                         \
  extern "C" __attribute__((visibility("default"))) int ospd_plugin_abi_version(void) {        \
    return ::osp::providers::kPluginAbiVersion;                                                \
  }                                                                                            \
  extern "C" __attribute__((visibility("default"))) const char* ospd_plugin_build_fingerprint( \
      void) {                                                                                  \
    return OSPD_PLUGIN_BUILD_FINGERPRINT;                                                      \
  }                                                                                            \
  extern "C" __attribute__((visibility("default"))) int ospd_plugin_register_v1(               \
      ::osp::providers::Registry* registry, char* error, size_t error_size) {                  \
    const absl::Status status = register_function(registry);                                   \
    if (status.ok()) return 0;                                                                 \
    if (error_size > 0) {                                                                      \
      const std::string message = status.ToString();                                           \
      const size_t n = message.size() < error_size - 1 ? message.size() : error_size - 1;      \
      std::memcpy(error, message.data(), n);                                                   \
      error[n] = '\0';                                                                         \
    }                                                                                          \
    return 1;                                                                                  \
  }
