// Secret: a credential (password, secret key, token) that cannot be printed, streamed, formatted
// or logged by accident (absl::StrCat does not accept it; operator<< prints a placeholder). The
// value is reachable only through the explicit Reveal() call at the place that puts it on the wire.
// Thread-compatible (a value type).
#pragma once

#include <ostream>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace osp::providers::base {

class Secret final {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  // The secret itself. Call only where it is sent to a backend or hashed.
  const std::string& Reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

  friend bool operator==(const Secret& a, const Secret& b) { return a.value_ == b.value_; }
  friend bool operator!=(const Secret& a, const Secret& b) { return !(a == b); }

  // Printing shows a fixed placeholder, never the value.
  friend std::ostream& operator<<(std::ostream& os, const Secret&) { return os << "[redacted]"; }

 private:
  std::string value_;
};

}  // namespace osp::providers::base
