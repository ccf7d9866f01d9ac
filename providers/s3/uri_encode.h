// Percent-encoding the way SigV4 and S3 want it (RFC 3986): unreserved characters
// (A-Z a-z 0-9 - _ . ~) stay, every other byte becomes %XX with uppercase hex. Object keys and
// query values go through UriEncode both on the wire and in the canonical request, so the two
// never disagree. Pure functions; thread-safe.
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace osp::providers::s3 {

enum class Slash { kKeep, kEncode };

// Encodes `s`; '/' is kept as is with Slash::kKeep (object keys in paths).
std::string UriEncode(absl::string_view s, Slash slash = Slash::kEncode);

// Decodes %XX escapes; a '%' not followed by two hex digits is kept literally. '+' stays '+'.
std::string UriDecode(absl::string_view s);

}  // namespace osp::providers::s3
