// The "ecs" backend type: builds an EcsProvider from a backend's settings (EcsConfig) with a
// transport configured for its TLS options. RegisterEcsProvider is called once at start-up
// (server/builtin_providers.cc). Not thread-safe (start-up only); the factory itself makes no
// backend call.
#pragma once

#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "providers/backend_settings.h"
#include "providers/provider.h"
#include "providers/registry.h"

namespace osp::providers::ecs {

// Builds the provider. Invalid settings -> INVALID_ARGUMENT starting with the field name; an
// unreadable ca_file -> INVALID_ARGUMENT from the transport factory.
absl::StatusOr<std::unique_ptr<Provider>> CreateEcsProvider(const BackendSettings& settings,
                                                            const ProviderDeps& deps);

// Registers type "ecs". Already registered -> ALREADY_EXISTS.
absl::Status RegisterEcsProvider(Registry* registry);

}  // namespace osp::providers::ecs
