// ProgressMeter: the progress line ospctl draws on stderr while it moves data (put, get, cp):
// bytes done of the total, files done of the total for several files, average rate and ETA,
// redrawn in place ("\r", erase to end of line) at most every kRedrawInterval of the injected
// clock. Whether to draw at all (a TTY, not --quiet, not --output json) is the caller's choice.
// Thread-safe: the workers of a recursive copy report into one meter.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "providers/base/clock.h"

namespace osp::client {

class ProgressMeter final {
 public:
  // At most ten redraws a second: smooth to the eye, negligible next to the transfer.
  static constexpr absl::Duration kRedrawInterval = absl::Milliseconds(100);

  // `total_bytes` < 0 means unknown (see LearnTotal); `total_files` > 1 adds "N/M files".
  // `out` and `clock` must outlive the meter. Nothing is drawn before the first Add.
  ProgressMeter(std::ostream& out, const providers::base::Clock& clock, int64_t total_bytes,
                int total_files = 1);
  // Finish()es the line.
  ~ProgressMeter();
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  // Counts `bytes` more as done; redraws if kRedrawInterval has passed since the last draw.
  void Add(int64_t bytes);
  // Counts one more file as done (no redraw of its own).
  void FileDone();
  // Sets the total if it was unknown (a download learns its size from the first message).
  void LearnTotal(int64_t total_bytes);
  // Erases the line so that the caller can print a line of its own on the same terminal; the
  // next Add draws it again.
  void Clear();
  // Draws the final state and ends the line. Later calls do nothing.
  void Finish();

  // The line's text for `done_bytes` of `total_bytes` (< 0: unknown) after `elapsed`, e.g.
  // "3/10 files  12.5 MiB / 100.0 MiB  12%  4.2 MiB/s  ETA 0:21" (files only if total_files
  // > 1; no percentage or ETA when the total is unknown; rate "-" before any time passed).
  static std::string Render(int64_t done_bytes, int64_t total_bytes, int done_files,
                            int total_files, absl::Duration elapsed);

 private:
  void DrawLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  std::ostream& out_;
  const providers::base::Clock& clock_;
  const int total_files_;
  const absl::Time start_;
  absl::Mutex mu_;
  int64_t total_bytes_ ABSL_GUARDED_BY(mu_);
  int64_t done_bytes_ ABSL_GUARDED_BY(mu_) = 0;
  int done_files_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time last_draw_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace osp::client
