// Checks shared by the backends' config structs (EcsConfig, MinioConfig): URL and name syntax and
// the "<field>: <problem>" error every config error uses. Pure functions; thread-safe.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace osp::providers::base {

// INVALID_ARGUMENT "<field>: <problem>".
absl::Status FieldError(absl::string_view field, absl::string_view problem);

// True for http(s)://host[:port][/path] without query, fragment, user info or whitespace.
bool IsHttpUrl(absl::string_view url);

// True if every character is a letter, a digit or one of `extra`.
bool IsPlainName(absl::string_view s, absl::string_view extra);

// `url` without trailing slashes.
std::string WithoutTrailingSlash(std::string url);

}  // namespace osp::providers::base
