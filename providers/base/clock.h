// Clock: the source of "now" for everything that needs time (token expiry, SigV4 dates, backoff).
// Injected so that tests control time (see FakeClock in tests/unit). Implementations are
// thread-safe.
#pragma once

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace osp::providers::base {

class Clock {
 public:
  virtual ~Clock() = default;
  // The current time.
  virtual absl::Time Now() const = 0;
  // Blocks for `d` (used for retry backoff). Fake clocks advance instead of sleeping.
  virtual void SleepFor(absl::Duration d) = 0;
};

// The wall clock.
class RealClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
  void SleepFor(absl::Duration d) override { absl::SleepFor(d); }
};

}  // namespace osp::providers::base
