// libFuzzer target for the daemon's config file (server/config_loader.h, config_validator.h):
// YAML, and JSON as a subset of YAML. Any text must either parse into a DaemonConfig that
// ValidateConfig accepts or refuses, or be refused with INVALID_ARGUMENT (never an exception or a
// crash).
#include <cstdint>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "server/config_loader.h"
#include "server/config_validator.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

bool Refused(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInvalidArgument;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto config =
      osp::server::ParseConfig(absl::string_view(reinterpret_cast<const char*>(data), size));
  if (!config.ok()) {
    Check(Refused(config.status()));
    return 0;
  }
  const absl::Status valid = osp::server::ValidateConfig(*config);
  Check(valid.ok() || Refused(valid));
  return 0;
}
