// A plugin built for a later plugin ABI: ospd must refuse it before calling its registration.
#include <cstddef>

#include "providers/plugin_api.h"

extern "C" __attribute__((visibility("default"))) int ospd_plugin_abi_version(void) {
  return osp::providers::kPluginAbiVersion + 1;
}

extern "C" __attribute__((visibility("default"))) int ospd_plugin_register_v1(
    osp::providers::Registry*, char*, size_t) {
  __builtin_trap();  // Never reached: the version check comes first.
}
