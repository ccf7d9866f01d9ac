// RegisterBuiltinProviders: the backend types compiled into ospd (one Register call per type).
// Called once by main() before backends are built. Not thread-safe (start-up only).
#pragma once

#include "absl/status/status.h"
#include "providers/registry.h"

namespace osp::server {

// Registers every built-in backend type into `registry`. A type already registered ->
// ALREADY_EXISTS (from Registry::Register).
absl::Status RegisterBuiltinProviders(providers::Registry* registry);

}  // namespace osp::server
