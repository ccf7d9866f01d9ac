// libFuzzer target for reading stored bucket-policy documents (providers/s3/bucket_policy.h):
// any text a backend returns must map to a Policy without throwing, and a document must mean
// the same policy as itself, whether read back or sent as a custom policy.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "providers/s3/bucket_policy.h"
#include "providers/types.h"

namespace {

using osp::providers::Policy;
using osp::providers::PolicyKind;
using osp::providers::s3::PolicyFromDocument;
using osp::providers::s3::PublicReadPolicy;
using osp::providers::s3::SamePolicy;

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string document(reinterpret_cast<const char*>(data), size);
  const Policy policy = PolicyFromDocument(document, "fuzz-bucket");
  Check(policy.kind != PolicyKind::kUnspecified);
  Check(SamePolicy(policy, policy, "fuzz-bucket"));
  // A caller's custom policy with this text matches what reading it back answers.
  Check(SamePolicy(Policy{PolicyKind::kCustom, document}, policy, "fuzz-bucket"));
  if (policy.kind == PolicyKind::kPublicRead) {
    Check(SamePolicy(policy, PolicyFromDocument(PublicReadPolicy("fuzz-bucket"), "fuzz-bucket"),
                     "fuzz-bucket"));
  }
  return 0;
}
