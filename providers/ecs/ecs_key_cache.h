// EcsKeyCache: remembers, for a short time, the S3 key object users sign with, so that a burst of
// bucket calls for one owner reads the user's keys from ECS once. ECS stays the source of truth:
// entries live kTtl at most and are dropped whenever a key changes or S3 refuses one. Bounded in
// size. Thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "providers/base/clock.h"
#include "providers/types.h"

namespace osp::providers::ecs {

class EcsKeyCache final {
 public:
  static constexpr absl::Duration kTtl = absl::Seconds(60);
  static constexpr size_t kMaxEntries = 4096;

  explicit EcsKeyCache(base::Clock* clock) : clock_(clock) {}
  EcsKeyCache(const EcsKeyCache&) = delete;
  EcsKeyCache& operator=(const EcsKeyCache&) = delete;

  // The key of `user` if one was stored less than kTtl ago.
  std::optional<Credentials> Find(const std::string& user) const;
  // Stores the key of `user` (read from or just created on ECS).
  void Put(const std::string& user, const Credentials& credentials);
  // Drops the key of `user`.
  void Forget(const std::string& user);

 private:
  struct Entry {
    Credentials credentials;
    absl::Time stored;
  };

  base::Clock* const clock_;
  mutable absl::Mutex mu_;
  std::map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace osp::providers::ecs
