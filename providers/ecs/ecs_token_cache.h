// EcsTokenCache: the management API session token (X-SDS-AUTH-TOKEN) of one management user,
// shared by every thread of an EcsMgmtClient. It logs in lazily and one login at a time: callers
// that find no usable token while a login is in flight wait for it and share its result, so any
// number of concurrent calls cause one login per token lifetime. A token counts as stale before
// ECS would drop it: at its max age (X-SDS-AUTH-MAX-AGE, else 8 h) minus a skew, or after 90
// minutes without use (ECS expires tokens idle for 2 h). Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "providers/base/call_context.h"
#include "providers/base/clock.h"
#include "providers/base/secret.h"

namespace osp::providers::ecs {

class EcsTokenCache final {
 public:
  // What one login yields: the token and, when ECS said, its lifetime.
  struct LoginResult {
    base::Secret token;
    std::optional<absl::Duration> max_age;
  };
  // Performs one login. Called by at most one thread at a time, without the cache's lock held.
  using LoginFn = std::function<absl::StatusOr<LoginResult>(const base::CallContext&)>;
  // Ends a session ECS may still hold (best effort; errors are the callee's to log).
  using LogoutFn = std::function<void(const base::Secret&, const base::CallContext&)>;

  // Lifetime assumed when ECS sends no max age (ECS default, Data Access Guide).
  static constexpr absl::Duration kDefaultMaxAge = absl::Hours(8);
  // ECS drops a token unused for 2 h; refresh well before.
  static constexpr absl::Duration kIdleLimit = absl::Minutes(90);
  // Largest margin kept before the max age (a tenth of the lifetime when that is smaller).
  static constexpr absl::Duration kMaxSkew = absl::Minutes(5);

  EcsTokenCache(base::Clock* clock, LoginFn login, LogoutFn logout);
  EcsTokenCache(const EcsTokenCache&) = delete;
  EcsTokenCache& operator=(const EcsTokenCache&) = delete;

  // A token that should still be valid. Logs in when there is none or it is stale (a stale but
  // live token is logged out after the new login). Callers arriving during a login wait for it
  // and get its result, success or error. Errors: the login's status; DEADLINE_EXCEEDED /
  // CANCELLED when the caller's context ends while waiting for another thread's login.
  absl::StatusOr<base::Secret> Get(const base::CallContext& ctx);

  // ECS rejected `token`: drop it if it is still the cached one so that the next Get logs in
  // again. A token already replaced by another thread is left alone (no second login).
  void Invalidate(const base::Secret& token);

  // Logs out the cached token, if any, and forgets it. Later Gets log in again. Idempotent.
  void Close(const base::CallContext& ctx);

  // Successful logins so far (for metrics and tests).
  int64_t logins() const;

 private:
  bool UsableLocked(absl::Time now) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  base::Clock* const clock_;
  const LoginFn login_;
  const LogoutFn logout_;

  mutable absl::Mutex mu_;
  absl::CondVar login_done_;
  std::optional<base::Secret> token_ ABSL_GUARDED_BY(mu_);
  absl::Time stale_at_ ABSL_GUARDED_BY(mu_);
  absl::Time last_used_ ABSL_GUARDED_BY(mu_);
  bool login_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  // Counts finished login attempts; a waiter compares it to see that the flight it joined ended.
  int64_t flights_done_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Status last_login_status_ ABSL_GUARDED_BY(mu_);
  int64_t logins_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace osp::providers::ecs
