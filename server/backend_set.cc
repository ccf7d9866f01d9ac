#include "server/backend_set.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace osp::server {

absl::Status BackendSet::Add(BackendEntry entry) {
  if (entry.id.empty()) return absl::InvalidArgumentError("backend id: empty");
  if (entry.provider == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("backend '", entry.id, "': no provider"));
  }
  for (const BackendEntry& existing : entries_) {
    if (existing.id == entry.id) {
      return absl::AlreadyExistsError(absl::StrCat("backend '", entry.id, "' is configured twice"));
    }
  }
  entries_.push_back(std::move(entry));
  return absl::OkStatus();
}

absl::StatusOr<providers::Provider*> BackendSet::Find(absl::string_view id) const {
  for (const BackendEntry& entry : entries_) {
    if (entry.id == id) return entry.provider.get();
  }
  return absl::NotFoundError(absl::StrCat("backend '", id, "' is not configured"));
}

}  // namespace osp::server
