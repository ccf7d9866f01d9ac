// libFuzzer target for XmlDocument: parsing arbitrary bytes either fails with INTERNAL
// "malformed XML from ..." or yields a tree every helper can walk.
#include <cstdint>
#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "providers/base/xml_document.h"

namespace {

using osp::providers::base::XmlDocument;
using osp::providers::base::XmlElement;

void Walk(const XmlElement& e, int depth) {
  if (depth > 64) return;
  (void)e.text();
  for (const XmlElement& child : e.Children()) {
    if (child.name().empty()) std::abort();
    (void)e.ChildText(child.name());
    (void)e.ChildIntOr(child.name(), 0);
    if (!e.Child(child.name()).has_value()) std::abort();
    Walk(child, depth + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto doc =
      XmlDocument::Parse(absl::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  if (!doc.ok()) {
    if (doc.status().code() != absl::StatusCode::kInternal ||
        !absl::StartsWith(doc.status().message(), "malformed XML from fuzz: ")) {
      std::abort();
    }
    return 0;
  }
  Walk(doc->root(), 0);
  return 0;
}
