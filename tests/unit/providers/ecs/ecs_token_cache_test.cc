#include "providers/ecs/ecs_token_cache.h"

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testutil/fake_clock.h"
#include "tests/testutil/status_matchers.h"

namespace osp::providers::ecs {
namespace {

using ::osp::testutil::FakeClock;
using ::osp::testutil::IsOk;
using ::osp::testutil::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Hands out tokens "t1", "t2", ... and records logouts.
class FakeEcsSession {
 public:
  absl::StatusOr<EcsTokenCache::LoginResult> Login(const base::CallContext&) {
    absl::MutexLock lock(&mu_);
    if (!fail_with_.ok()) return fail_with_;
    ++logins_;
    return EcsTokenCache::LoginResult{base::Secret(absl::StrCat("t", logins_)), max_age_};
  }
  void Logout(const base::Secret& token, const base::CallContext&) {
    absl::MutexLock lock(&mu_);
    logged_out_.push_back(token.Reveal());
  }
  int logins() {
    absl::MutexLock lock(&mu_);
    return logins_;
  }
  std::vector<std::string> logged_out() {
    absl::MutexLock lock(&mu_);
    return logged_out_;
  }
  void set_max_age(std::optional<absl::Duration> d) {
    absl::MutexLock lock(&mu_);
    max_age_ = d;
  }
  void set_fail_with(absl::Status s) {
    absl::MutexLock lock(&mu_);
    fail_with_ = std::move(s);
  }

 private:
  absl::Mutex mu_;
  int logins_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::string> logged_out_ ABSL_GUARDED_BY(mu_);
  std::optional<absl::Duration> max_age_ ABSL_GUARDED_BY(mu_);
  absl::Status fail_with_ ABSL_GUARDED_BY(mu_);
};

class EcsTokenCacheTest : public testing::Test {
 protected:
  std::string GetToken() {
    absl::StatusOr<base::Secret> t = cache_.Get(base::CallContext());
    EXPECT_THAT(t, IsOk());
    return t.ok() ? t->Reveal() : "";
  }

  FakeClock clock_;
  FakeEcsSession session_;
  EcsTokenCache cache_{
      &clock_, [this](const base::CallContext& ctx) { return session_.Login(ctx); },
      [this](const base::Secret& t, const base::CallContext& ctx) { session_.Logout(t, ctx); }};
};

TEST_F(EcsTokenCacheTest, LogsInOnceAndReusesTheToken) {
  EXPECT_EQ(GetToken(), "t1");
  EXPECT_EQ(GetToken(), "t1");
  clock_.Advance(absl::Minutes(30));
  EXPECT_EQ(GetToken(), "t1");
  EXPECT_EQ(session_.logins(), 1);
  EXPECT_EQ(cache_.logins(), 1);
}

TEST_F(EcsTokenCacheTest, RefreshesBeforeTheAdvertisedMaxAge) {
  session_.set_max_age(absl::Seconds(300));  // Skew: a tenth, 30 s.
  EXPECT_EQ(GetToken(), "t1");
  clock_.Advance(absl::Seconds(269));
  EXPECT_EQ(GetToken(), "t1");
  clock_.Advance(absl::Seconds(2));
  EXPECT_EQ(GetToken(), "t2");
  EXPECT_THAT(session_.logged_out(), ElementsAre("t1"));
}

TEST_F(EcsTokenCacheTest, AssumesEightHoursWithoutMaxAge) {
  EXPECT_EQ(GetToken(), "t1");
  for (int i = 0; i < 5; ++i) {  // Stay busy so that the idle rule does not apply.
    clock_.Advance(absl::Minutes(89));
    EXPECT_EQ(GetToken(), "t1");
  }
  clock_.Advance(absl::Hours(8) - absl::Minutes(5 * 89) - absl::Minutes(5) - absl::Seconds(1));
  EXPECT_EQ(GetToken(), "t1");
  clock_.Advance(absl::Seconds(2));
  EXPECT_EQ(GetToken(), "t2");
}

TEST_F(EcsTokenCacheTest, MaxAgeAboveEightHoursIsCapped) {
  session_.set_max_age(absl::Hours(24));
  EXPECT_EQ(GetToken(), "t1");
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(absl::Minutes(80));
    EXPECT_EQ(GetToken(), "t1");
  }
  clock_.Advance(absl::Minutes(80));  // 8 h in.
  EXPECT_EQ(GetToken(), "t2");
}

TEST_F(EcsTokenCacheTest, IdleTokenIsReplaced) {
  EXPECT_EQ(GetToken(), "t1");
  clock_.Advance(absl::Minutes(91));
  EXPECT_EQ(GetToken(), "t2");
  EXPECT_THAT(session_.logged_out(), ElementsAre("t1"));
}

TEST_F(EcsTokenCacheTest, InvalidateDropsOnlyTheCurrentToken) {
  EXPECT_EQ(GetToken(), "t1");
  cache_.Invalidate(base::Secret("t1"));
  EXPECT_EQ(GetToken(), "t2");
  cache_.Invalidate(base::Secret("t1"));  // A late report about the old token.
  EXPECT_EQ(GetToken(), "t2");
  EXPECT_EQ(session_.logins(), 2);
  EXPECT_THAT(session_.logged_out(), ElementsAre());  // A rejected token is not logged out.
}

TEST_F(EcsTokenCacheTest, FailedLoginIsReturnedAndRetriedByTheNextCall) {
  session_.set_fail_with(absl::UnauthenticatedError("ECS login refused"));
  EXPECT_THAT(cache_.Get(base::CallContext()),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("ECS login refused")));
  session_.set_fail_with(absl::OkStatus());
  EXPECT_EQ(GetToken(), "t1");
}

TEST_F(EcsTokenCacheTest, CloseLogsOutOnce) {
  EXPECT_EQ(GetToken(), "t1");
  cache_.Close(base::CallContext());
  cache_.Close(base::CallContext());
  EXPECT_THAT(session_.logged_out(), ElementsAre("t1"));
  EXPECT_EQ(GetToken(), "t2");
}

TEST_F(EcsTokenCacheTest, CloseWithoutTokenDoesNothing) {
  cache_.Close(base::CallContext());
  EXPECT_THAT(session_.logged_out(), ElementsAre());
}

// 64 callers arrive with no token; the login is held open until all of them are inside Get, so a
// cache that does not coalesce logins would start more than one.
TEST(EcsTokenCacheConcurrencyTest, SixtyFourCallersCauseOneLogin) {
  constexpr int kCallers = 64;
  FakeClock clock;
  absl::Mutex mu;
  int entered = 0;
  int logins = 0;
  EcsTokenCache cache(
      &clock,
      [&](const base::CallContext&) -> absl::StatusOr<EcsTokenCache::LoginResult> {
        absl::MutexLock lock(&mu);
        ++logins;
        mu.Await(absl::Condition(
            +[](int* n) { return *n == kCallers; }, &entered));
        return EcsTokenCache::LoginResult{base::Secret("tok"), std::nullopt};
      },
      [](const base::Secret&, const base::CallContext&) {});
  std::vector<std::thread> threads;
  std::vector<std::string> got(kCallers);
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&, i] {
      {
        absl::MutexLock lock(&mu);
        ++entered;
      }
      absl::StatusOr<base::Secret> t = cache.Get(base::CallContext());
      got[i] = t.ok() ? t->Reveal() : std::string(t.status().message());
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(logins, 1);
  EXPECT_EQ(cache.logins(), 1);
  for (const std::string& t : got) EXPECT_EQ(t, "tok");
}

TEST(EcsTokenCacheConcurrencyTest, WaiterWhoseDeadlinePassedGivesUp) {
  FakeClock clock;
  absl::Notification login_started;
  absl::Notification release_login;
  EcsTokenCache cache(
      &clock,
      [&](const base::CallContext&) -> absl::StatusOr<EcsTokenCache::LoginResult> {
        login_started.Notify();
        release_login.WaitForNotification();
        return EcsTokenCache::LoginResult{base::Secret("tok"), std::nullopt};
      },
      [](const base::Secret&, const base::CallContext&) {});
  std::thread leader([&] { EXPECT_THAT(cache.Get(base::CallContext()), IsOk()); });
  login_started.WaitForNotification();
  base::CallContext expired(absl::Now() - absl::Seconds(1), nullptr);
  EXPECT_THAT(cache.Get(expired), StatusIs(absl::StatusCode::kDeadlineExceeded));
  base::CallContext cancelled(absl::InfiniteFuture(), [] { return true; });
  EXPECT_THAT(cache.Get(cancelled), StatusIs(absl::StatusCode::kCancelled));
  release_login.Notify();
  leader.join();
  EXPECT_EQ(cache.logins(), 1);
}

}  // namespace
}  // namespace osp::providers::ecs
