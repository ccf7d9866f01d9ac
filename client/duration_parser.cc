#include "client/duration_parser.h"

#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/usage_error.h"

namespace osp::client {
namespace {

absl::Status BadDuration(absl::string_view text) {
  return UsageError(absl::StrCat("invalid duration '", text, "': want e.g. 30s, 2m, 1h30m, 7d"));
}

}  // namespace

absl::StatusOr<absl::Duration> ParseDuration(absl::string_view text) {
  absl::Duration days;
  absl::string_view rest = text;
  const size_t d = rest.find('d');
  if (d != absl::string_view::npos) {
    int64_t count = 0;
    if (!absl::SimpleAtoi(rest.substr(0, d), &count) || count < 0 || count > 100000) {
      return BadDuration(text);
    }
    days = absl::Hours(24 * count);
    rest = rest.substr(d + 1);
    if (rest.empty()) return days;
  }
  absl::Duration parsed;
  if (rest.empty() || !absl::ParseDuration(rest, &parsed) || parsed < absl::ZeroDuration() ||
      parsed == absl::InfiniteDuration()) {
    return BadDuration(text);
  }
  return days + parsed;
}

std::string FormatShortDuration(absl::Duration d) {
  if (d < absl::Milliseconds(1)) return absl::StrCat(absl::ToInt64Microseconds(d), "us");
  if (d < absl::Seconds(1)) return absl::StrCat(absl::ToInt64Milliseconds(d), "ms");
  if (d < absl::Minutes(1)) return absl::StrFormat("%.1fs", absl::ToDoubleSeconds(d));
  return absl::FormatDuration(absl::Trunc(d, absl::Seconds(1)));
}

}  // namespace osp::client
