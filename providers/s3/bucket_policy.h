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
// True when `a` and `b` read back as the same policy once stored on `bucket`, so that a retried
// create or update with the same spec matches what the backend answers. kUnspecified equals
// kPrivate; a kCustom document is classified like a stored one first (the public-read document
// equals kPublicRead). Two custom documents are compared as JSON values up to the spellings
// backends rewrite: a value equals a one-element array holding it, arrays are compared as sets,
// the "*" principal equals {"AWS":"*"} and {"AWS":["*"]}, and so a single Statement object equals
// a one-element Statement list. Anything else (Version, Sid, Effect, a different action or
// resource) differs. Text that is not JSON is compared as text.
bool SamePolicy(const Policy& a, const Policy& b, absl::string_view bucket);

}  // namespace osp::providers::s3
