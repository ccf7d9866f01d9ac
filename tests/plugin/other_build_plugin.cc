// A plugin of the right ABI version built with another toolchain (its fingerprint differs): ospd
// must refuse it before calling its registration.
#include <cstddef>

#include "providers/plugin_api.h"

extern "C" __attribute__((visibility("default"))) int ospd_plugin_abi_version(void) {
  return osp::providers::kPluginAbiVersion;
}

extern "C" __attribute__((visibility("default"))) const char* ospd_plugin_build_fingerprint(void) {
  return "compiler=other;libstdc++=0;abseil=other";
}

extern "C" __attribute__((visibility("default"))) int ospd_plugin_register_v1(
    osp::providers::Registry*, char*, size_t) {
  __builtin_trap();  // Never reached: the fingerprint check comes first.
}
