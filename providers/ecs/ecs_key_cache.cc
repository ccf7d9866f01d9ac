#include "providers/ecs/ecs_key_cache.h"

namespace osp::providers::ecs {

std::optional<Credentials> EcsKeyCache::Find(const std::string& user) const {
  absl::MutexLock lock(&mu_);
  auto it = entries_.find(user);
  if (it == entries_.end() || clock_->Now() - it->second.stored >= kTtl) return std::nullopt;
  return it->second.credentials;
}

void EcsKeyCache::Put(const std::string& user, const Credentials& credentials) {
  const absl::Time now = clock_->Now();
  absl::MutexLock lock(&mu_);
  if (entries_.size() >= kMaxEntries) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = now - it->second.stored >= kTtl ? entries_.erase(it) : std::next(it);
    }
    if (entries_.size() >= kMaxEntries) entries_.clear();
  }
  entries_[user] = Entry{credentials, now};
}

void EcsKeyCache::Forget(const std::string& user) {
  absl::MutexLock lock(&mu_);
  entries_.erase(user);
}

}  // namespace osp::providers::ecs
