// libFuzzer target for XmlWriter: any text either round-trips exactly through a document
// (written, then parsed back by XmlDocument) or is refused with INVALID_ARGUMENT, never written
// into a document that reads back differently.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "providers/base/xml_document.h"
#include "providers/base/xml_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using osp::providers::base::XmlDocument;
  using osp::providers::base::XmlWriter;
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  XmlWriter writer("Delete", "http://s3.amazonaws.com/doc/2006-03-01/");
  writer.StartElement("Object").Element("Key", text).Element("VersionId", "v").EndElement();
  auto body = writer.Finish();
  if (!body.ok()) {
    if (body.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    if (XmlWriter::IsValidText(text)) std::abort();
    return 0;
  }
  if (!XmlWriter::IsValidText(text)) std::abort();
  auto doc = XmlDocument::Parse(*body, "round trip");
  if (!doc.ok()) std::abort();
  auto object = doc->root().Child("Object");
  if (!object || object->ChildText("Key") != text || object->ChildText("VersionId") != "v") {
    std::abort();
  }
  if (doc->root().Children("Object").size() != 1) std::abort();
  return 0;
}
