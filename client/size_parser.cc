#include "client/size_parser.h"

#include <cmath>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/usage_error.h"

namespace osp::client {
namespace {

struct Unit {
  const char* name;  // lower case
  long double factor;
};

constexpr long double kKi = 1024.0L;
constexpr Unit kUnits[] = {
    {"", 1},
    {"b", 1},
    {"k", kKi},
    {"kb", 1e3L},
    {"kib", kKi},
    {"m", kKi* kKi},
    {"mb", 1e6L},
    {"mib", kKi* kKi},
    {"g", kKi* kKi* kKi},
    {"gb", 1e9L},
    {"gib", kKi* kKi* kKi},
    {"t", kKi* kKi* kKi* kKi},
    {"tb", 1e12L},
    {"tib", kKi* kKi* kKi* kKi},
    {"p", kKi* kKi* kKi* kKi* kKi},
    {"pb", 1e15L},
    {"pib", kKi* kKi* kKi* kKi* kKi},
};

absl::Status BadSize(absl::string_view text) {
  return UsageError(absl::StrCat("invalid size '", text,
                                 "': want bytes or a number with a unit, e.g. 500MB, 10GiB"));
}

}  // namespace

absl::StatusOr<int64_t> ParseSize(absl::string_view text) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  size_t digits_end = 0;
  bool seen_dot = false;
  while (digits_end < trimmed.size()) {
    const char c = trimmed[digits_end];
    if (c == '.' && !seen_dot) {
      seen_dot = true;
    } else if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      break;
    }
    ++digits_end;
  }
  const absl::string_view number = trimmed.substr(0, digits_end);
  if (number.empty() || number == ".") return BadSize(text);
  const std::string unit =
      absl::AsciiStrToLower(absl::StripLeadingAsciiWhitespace(trimmed.substr(digits_end)));
  const Unit* found = nullptr;
  for (const Unit& u : kUnits) {
    if (unit == u.name) found = &u;
  }
  if (found == nullptr) return BadSize(text);
  if (found->factor == 1) {
    int64_t bytes = 0;
    if (seen_dot || !absl::SimpleAtoi(number, &bytes)) return BadSize(text);
    return bytes;
  }
  double value = 0;
  if (!absl::SimpleAtod(number, &value)) return BadSize(text);
  const long double bytes = std::floor(static_cast<long double>(value) * found->factor);
  if (bytes >= static_cast<long double>(std::numeric_limits<int64_t>::max())) {
    return BadSize(text);
  }
  return static_cast<int64_t>(bytes);
}

std::string FormatSize(int64_t bytes) {
  static constexpr const char* kNames[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return absl::StrCat(bytes, " B");
  double value = static_cast<double>(bytes) / 1024.0;
  size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < sizeof(kNames) / sizeof(kNames[0])) {
    value /= 1024.0;
    ++unit;
  }
  return absl::StrFormat("%.1f %s", value, kNames[unit]);
}

}  // namespace osp::client
