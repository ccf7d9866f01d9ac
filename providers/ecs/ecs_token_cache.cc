#include "providers/ecs/ecs_token_cache.h"

#include <algorithm>
#include <utility>

namespace osp::providers::ecs {
namespace {

// How often a caller waiting for another thread's login looks at its own cancellation.
constexpr absl::Duration kCancelPoll = absl::Milliseconds(100);

// A failure that belongs to the caller who led the login rather than to ECS: the callers who
// waited for it try again with their own context.
bool IsCallerSpecific(const absl::Status& s) {
  return s.code() == absl::StatusCode::kDeadlineExceeded ||
         s.code() == absl::StatusCode::kCancelled;
}

}  // namespace

EcsTokenCache::EcsTokenCache(base::Clock* clock, LoginFn login, LogoutFn logout)
    : clock_(clock), login_(std::move(login)), logout_(std::move(logout)) {}

bool EcsTokenCache::UsableLocked(absl::Time now) const {
  return token_.has_value() && now < stale_at_ && now - last_used_ < kIdleLimit;
}

absl::StatusOr<base::Secret> EcsTokenCache::Get(const base::CallContext& ctx) {
  std::optional<base::Secret> replaced;
  {
    absl::MutexLock lock(&mu_);
    for (;;) {
      const absl::Time now = clock_->Now();
      if (UsableLocked(now)) {
        last_used_ = now;
        return *token_;
      }
      if (!login_in_flight_) break;
      const int64_t joined = flights_done_;
      while (flights_done_ == joined) {
        if (ctx.cancelled())
          return absl::CancelledError("cancelled while waiting for the ECS login");
        const absl::Time wake = std::min(ctx.deadline(), absl::Now() + kCancelPoll);
        if (login_done_.WaitWithDeadline(&mu_, wake) && absl::Now() >= ctx.deadline() &&
            flights_done_ == joined) {
          return absl::DeadlineExceededError("deadline exceeded while waiting for the ECS login");
        }
      }
      if (!last_login_status_.ok() && !IsCallerSpecific(last_login_status_)) {
        return last_login_status_;
      }
    }
    login_in_flight_ = true;
    replaced = std::move(token_);
    token_.reset();
  }

  const absl::Time started = clock_->Now();
  absl::StatusOr<LoginResult> result = login_(ctx);
  {
    absl::MutexLock lock(&mu_);
    login_in_flight_ = false;
    ++flights_done_;
    if (result.ok()) {
      absl::Duration lifetime = kDefaultMaxAge;
      if (result->max_age.has_value() && *result->max_age > absl::ZeroDuration()) {
        lifetime = std::min(*result->max_age, kDefaultMaxAge);
      }
      token_ = result->token;
      stale_at_ = started + lifetime - std::min(kMaxSkew, lifetime / 10);
      last_used_ = clock_->Now();
      ++logins_;
      last_login_status_ = absl::OkStatus();
    } else {
      last_login_status_ = result.status();
    }
    login_done_.SignalAll();
  }
  if (!result.ok()) return result.status();
  if (replaced.has_value()) logout_(*replaced, ctx);
  return std::move(result->token);
}

void EcsTokenCache::Invalidate(const base::Secret& token) {
  absl::MutexLock lock(&mu_);
  if (token_.has_value() && *token_ == token) token_.reset();
}

void EcsTokenCache::Close(const base::CallContext& ctx) {
  std::optional<base::Secret> token;
  {
    absl::MutexLock lock(&mu_);
    token = std::move(token_);
    token_.reset();
  }
  if (token.has_value()) logout_(*token, ctx);
}

int64_t EcsTokenCache::logins() const {
  absl::MutexLock lock(&mu_);
  return logins_;
}

}  // namespace osp::providers::ecs
