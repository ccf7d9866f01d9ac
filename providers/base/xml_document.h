// XmlDocument: a parsed XML response body (S3, ECS management API) with small navigation helpers
// over libxml2. Element names are matched by local name: namespaces and prefixes are ignored,
// since backends disagree on them. Parsing never fetches anything from the network, never
// expands entities and refuses documents with a DTD.
// An XmlDocument is immutable after Parse: any number of threads may read it at once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct _xmlDoc;
struct _xmlNode;

namespace osp::providers::base {

// A view of one element of an XmlDocument; valid while the document lives. Cheap to copy.
class XmlElement final {
 public:
  // The element's local name ("Contents" for <s3:Contents>).
  absl::string_view name() const;
  // All text inside the element (descendants included), untrimmed.
  std::string text() const;

  // The first child element named `name`, or nullopt.
  std::optional<XmlElement> Child(absl::string_view name) const;
  // Every child element named `name`, in document order.
  std::vector<XmlElement> Children(absl::string_view name) const;
  // Every child element, in document order.
  std::vector<XmlElement> Children() const;
  bool HasChild(absl::string_view name) const { return Child(name).has_value(); }

  // Text of the first child named `name`; "" when there is none.
  std::string ChildText(absl::string_view name) const;
  // The first child named `name` as a decimal integer. Missing child or not an integer ->
  // INTERNAL "malformed XML from <what>: ...".
  absl::StatusOr<int64_t> ChildInt(absl::string_view name) const;
  // Like ChildInt, but a missing child yields `fallback`.
  absl::StatusOr<int64_t> ChildIntOr(absl::string_view name, int64_t fallback) const;

  // The INTERNAL status this document's parse errors use, for callers that find a document
  // well-formed but not what they expected ("malformed XML from <what>: <detail>").
  absl::Status Malformed(absl::string_view detail) const;

 private:
  friend class XmlDocument;
  XmlElement(_xmlNode* node, const std::string* what) : node_(node), what_(what) {}

  _xmlNode* node_;
  const std::string* what_;  // Owned by the document.
};

class XmlDocument final {
 public:
  // Parses `xml`. `what` names the source for error messages ("S3 ListObjectsV2",
  // "ECS GET /object/users"). Returns INTERNAL "malformed XML from <what>: <reason>" for an
  // empty, truncated or otherwise ill-formed document, or one that carries a DTD: a backend that
  // answers with something other than its documented XML is broken, and retrying will not help.
  static absl::StatusOr<XmlDocument> Parse(absl::string_view xml, absl::string_view what);

  XmlDocument(XmlDocument&&) noexcept;
  XmlDocument& operator=(XmlDocument&&) noexcept;
  ~XmlDocument();

  // The document element.
  XmlElement root() const;

 private:
  struct State;
  explicit XmlDocument(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace osp::providers::base
