#include "client/progress_meter.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/size_parser.h"

namespace osp::client {
namespace {

// "0:21", "12:05", "1:02:03".
std::string FormatEta(int64_t seconds) {
  const int64_t hours = seconds / 3600;
  const int64_t minutes = seconds / 60 % 60;
  if (hours > 0) return absl::StrFormat("%d:%02d:%02d", hours, minutes, seconds % 60);
  return absl::StrFormat("%d:%02d", minutes, seconds % 60);
}

}  // namespace

ProgressMeter::ProgressMeter(std::ostream& out, const providers::base::Clock& clock,
                             int64_t total_bytes, int total_files)
    : out_(out),
      clock_(clock),
      total_files_(total_files),
      start_(clock.Now()),
      total_bytes_(total_bytes) {}

ProgressMeter::~ProgressMeter() { Finish(); }

void ProgressMeter::Add(int64_t bytes) {
  absl::MutexLock lock(&mu_);
  done_bytes_ += bytes;
  if (finished_ || clock_.Now() - last_draw_ < kRedrawInterval) return;
  DrawLocked();
}

void ProgressMeter::FileDone() {
  absl::MutexLock lock(&mu_);
  ++done_files_;
}

void ProgressMeter::LearnTotal(int64_t total_bytes) {
  absl::MutexLock lock(&mu_);
  if (total_bytes_ < 0) total_bytes_ = total_bytes;
}

void ProgressMeter::Clear() {
  absl::MutexLock lock(&mu_);
  if (finished_ || last_draw_ == absl::InfinitePast()) return;
  out_ << "\r\x1b[K" << std::flush;
  last_draw_ = absl::InfinitePast();
}

void ProgressMeter::Finish() {
  absl::MutexLock lock(&mu_);
  if (finished_) return;
  DrawLocked();
  out_ << '\n' << std::flush;
  finished_ = true;
}

void ProgressMeter::DrawLocked() {
  const absl::Time now = clock_.Now();
  last_draw_ = now;
  // "\x1b[K" erases what a longer previous line left behind.
  out_ << '\r' << Render(done_bytes_, total_bytes_, done_files_, total_files_, now - start_)
       << "\x1b[K" << std::flush;
}

std::string ProgressMeter::Render(int64_t done_bytes, int64_t total_bytes, int done_files,
                                  int total_files, absl::Duration elapsed) {
  std::string line;
  if (total_files > 1) absl::StrAppend(&line, done_files, "/", total_files, " files  ");
  absl::StrAppend(&line, FormatSize(done_bytes));
  const bool known = total_bytes >= 0;
  if (known) {
    absl::StrAppend(&line, " / ", FormatSize(total_bytes));
    const int64_t percent = total_bytes == 0 ? 100 : done_bytes * 100 / total_bytes;
    absl::StrAppend(&line, "  ", std::min<int64_t>(percent, 100), "%");
  }
  const double seconds = absl::ToDoubleSeconds(elapsed);
  if (seconds <= 0) {
    absl::StrAppend(&line, "  - /s");
    return line;
  }
  const double rate = static_cast<double>(done_bytes) / seconds;
  absl::StrAppend(&line, "  ", FormatSize(static_cast<int64_t>(rate)), "/s");
  if (known && rate > 0) {
    const int64_t left = std::max<int64_t>(total_bytes - done_bytes, 0);
    absl::StrAppend(&line, "  ETA ", FormatEta(static_cast<int64_t>(left / rate + 0.5)));
  }
  return line;
}

}  // namespace osp::client
