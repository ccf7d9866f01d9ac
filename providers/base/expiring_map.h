// ExpiringMap: a small cache of what a backend answered (a bucket's owner, a user's key), keyed
// by name. An entry is served for `ttl` after it was stored, then read from the backend again;
// the backend stays the source of truth. Bounded: when full, expired entries are dropped, and if
// none are, all. Thread-safe.
//
// A value read from the backend while another thread forgets its key (the key's value just
// changed) may be older than that change. PutUnlessForgotten stores such a value only when no
// Forget of its key ran since the reader took Generation() before its read. Callers forget a
// key after each change of its value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "providers/base/clock.h"

namespace osp::providers::base {

template <typename V>
class ExpiringMap final {
 public:
  // `clock` outlives this object.
  ExpiringMap(Clock* clock, absl::Duration ttl, size_t max_entries)
      : clock_(clock), ttl_(ttl), max_entries_(max_entries) {}
  ExpiringMap(const ExpiringMap&) = delete;
  ExpiringMap& operator=(const ExpiringMap&) = delete;

  // The value of `key` if it was stored less than ttl ago.
  std::optional<V> Find(const std::string& key) const {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || clock_->Now() - it->second.stored >= ttl_) return std::nullopt;
    return it->second.value;
  }

  // Stores `value`, which the caller knows is current (it just wrote it, or read it under a
  // lock that orders it after every change).
  void Put(const std::string& key, V value) {
    absl::MutexLock lock(&mu_);
    Store(key, std::move(value));
  }

  // To take before reading a value from the backend, for PutUnlessForgotten.
  uint64_t Generation() const {
    absl::MutexLock lock(&mu_);
    return forgets_;
  }
  // Stores `value` unless `key` was forgotten since `generation` was taken: the value may have
  // been read before the change that Forget reported. Not storing costs one more read.
  void PutUnlessForgotten(const std::string& key, V value, uint64_t generation) {
    absl::MutexLock lock(&mu_);
    if (generation < floor_) return;
    auto it = forgotten_.find(key);
    if (it != forgotten_.end() && it->second > generation) return;
    Store(key, std::move(value));
  }

  // Drops `key`: the next Find misses, and values of it read before this call are not stored.
  void Forget(const std::string& key) {
    absl::MutexLock lock(&mu_);
    entries_.erase(key);
    ++forgets_;
    if (forgotten_.size() >= max_entries_ && forgotten_.count(key) == 0) {
      // Bounded: readers older than every forget so far store nothing.
      forgotten_.clear();
      floor_ = forgets_;
      return;
    }
    forgotten_[key] = forgets_;
  }

 private:
  struct Entry {
    V value;
    absl::Time stored;
  };

  void Store(const std::string& key, V value) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const absl::Time now = clock_->Now();
    if (entries_.size() >= max_entries_ && entries_.count(key) == 0) {
      for (auto it = entries_.begin(); it != entries_.end();) {
        it = now - it->second.stored >= ttl_ ? entries_.erase(it) : std::next(it);
      }
      if (entries_.size() >= max_entries_) entries_.clear();
    }
    entries_[key] = Entry{std::move(value), now};
  }

  Clock* const clock_;
  const absl::Duration ttl_;
  const size_t max_entries_;
  mutable absl::Mutex mu_;
  std::map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  uint64_t forgets_ ABSL_GUARDED_BY(mu_) = 0;  // Forget calls so far.
  // The count at the latest Forget of each key; readers that started before floor_ store
  // nothing (forgotten_ was cleared then).
  std::map<std::string, uint64_t> forgotten_ ABSL_GUARDED_BY(mu_);
  uint64_t floor_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace osp::providers::base
