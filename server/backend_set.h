// BackendSet: the providers built from the configuration, by backend id. Filled once at start-up
// (Add is not thread-safe), then read concurrently by every RPC (Find and entries are thread-safe
// once start-up is over).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "providers/provider.h"

namespace osp::server {

struct BackendEntry {
  std::string id;
  std::string type;
  std::unique_ptr<providers::Provider> provider;
};

class BackendSet final {
 public:
  BackendSet() = default;
  BackendSet(const BackendSet&) = delete;
  BackendSet& operator=(const BackendSet&) = delete;

  // Adds a backend. Empty id or null provider -> INVALID_ARGUMENT; duplicate id -> ALREADY_EXISTS.
  absl::Status Add(BackendEntry entry);
  // The provider of backend `id`; NOT_FOUND "backend 'x' is not configured" if there is none.
  absl::StatusOr<providers::Provider*> Find(absl::string_view id) const;
  // Every backend, in the order added (the configuration's order).
  const std::vector<BackendEntry>& entries() const { return entries_; }

 private:
  std::vector<BackendEntry> entries_;
};

}  // namespace osp::server
