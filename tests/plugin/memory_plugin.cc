// The example plugin: registers backend type "memory" (MemoryProvider). Built as a MODULE
// library (libosp_memory_plugin.so) and loaded by ospd through `plugins:` in its config.
#include "providers/plugin_api.h"
#include "tests/plugin/memory_provider.h"

namespace {

absl::Status RegisterMemoryBackend(osp::providers::Registry* registry) {
  return registry->Register("memory", &osp::plugins::memory::MemoryProvider::Create);
}

}  // namespace

OSPD_PLUGIN(RegisterMemoryBackend)
