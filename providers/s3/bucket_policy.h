// Canned bucket policies as S3 bucket-policy documents, shared by every backend: the public-read
// document, the document to store for a Policy, and the Policy a stored document means.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "providers/types.h"

namespace osp::providers::s3 {

// The document that makes `bucket` publicly readable (anonymous s3:GetObject).
std::string PublicReadPolicy(absl::string_view bucket);
// The document to store for `policy` on `bucket`; nullopt for kPrivate/kUnspecified (no policy).
std::optional<std::string> PolicyDocument(const Policy& policy, absl::string_view bucket);
// The policy a stored document means: none -> kPrivate; PublicReadPolicy(bucket) in any
// formatting -> kPublicRead; anything else -> kCustom with the document.
Policy PolicyFromDocument(const std::optional<std::string>& document, absl::string_view bucket);
// True when `a` and `b` mean the same policy (JSON documents compared as values).
bool SamePolicy(const Policy& a, const Policy& b);

}  // namespace osp::providers::s3
