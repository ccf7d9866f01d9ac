// Registry: maps a backend type name ("ecs", "minio", a plugin's type) to the factory that builds
// a Provider from BackendSettings. main() registers the built-in types
// (server/builtin_providers.h); a plugin loader can Register() further types the same way before
// backends are built. Register is not thread-safe (start-up only); Create is thread-compatible.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "providers/backend_settings.h"
#include "providers/base/clock.h"
#include "providers/base/logger.h"
#include "providers/http/http_transport_factory.h"
#include "providers/provider.h"

namespace osp::providers {

// Collaborators every provider gets, owned by main and outliving every provider.
struct ProviderDeps {
  base::Clock* clock = nullptr;
  http::HttpTransportFactory* transports = nullptr;
  base::Logger* logger = nullptr;
};

// Builds one backend. Invalid settings -> INVALID_ARGUMENT whose message starts with the field
// name ("namespace: required"); the caller prefixes the config path. Makes no backend call.
using ProviderFactory = std::function<absl::StatusOr<std::unique_ptr<Provider>>(
    const BackendSettings& settings, const ProviderDeps& deps)>;

class Registry final {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Adds a type. An empty name or a name already registered -> ALREADY_EXISTS / INVALID_ARGUMENT.
  absl::Status Register(const std::string& type, ProviderFactory factory);
  // Builds a provider of settings.type. Unknown type -> INVALID_ARGUMENT listing the known ones.
  absl::StatusOr<std::unique_ptr<Provider>> Create(const BackendSettings& settings,
                                                   const ProviderDeps& deps) const;
  // Registered type names, sorted.
  std::vector<std::string> Types() const;

 private:
  std::map<std::string, ProviderFactory> factories_;
};

}  // namespace osp::providers
