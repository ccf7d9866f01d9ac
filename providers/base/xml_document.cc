#include "providers/base/xml_document.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <climits>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace osp::providers::base {
namespace {

absl::string_view View(const xmlChar* s) {
  return s == nullptr ? absl::string_view() : absl::string_view(reinterpret_cast<const char*>(s));
}

bool IsElementNamed(const xmlNode* node, absl::string_view name) {
  return node->type == XML_ELEMENT_NODE && View(node->name) == name;
}

// Entities are not substituted (no XML_PARSE_NOENT), no DTD is loaded and nothing is fetched.
constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;

void IgnoreXmlMessage(void* /*context*/, const char* /*format*/, ...) {}

}  // namespace

struct XmlDocument::State {
  ~State() {
    if (doc != nullptr) xmlFreeDoc(doc);
  }
  xmlDoc* doc = nullptr;
  std::string what;
};

XmlDocument::XmlDocument(std::unique_ptr<State> state) : state_(std::move(state)) {}
XmlDocument::XmlDocument(XmlDocument&&) noexcept = default;
XmlDocument& XmlDocument::operator=(XmlDocument&&) noexcept = default;
XmlDocument::~XmlDocument() = default;

absl::StatusOr<XmlDocument> XmlDocument::Parse(absl::string_view xml, absl::string_view what) {
  auto malformed = [&](absl::string_view reason) {
    return absl::InternalError(absl::StrCat("malformed XML from ", what, ": ", reason));
  };
  if (xml.empty()) return malformed("empty document");
  if (xml.size() > static_cast<size_t>(INT_MAX)) return malformed("document too large");

  // Thread-safe in libxml2 >= 2.9 (guarded by its global init mutex); a no-op after the first.
  xmlInitParser();
  std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> ctxt(xmlNewParserCtxt(),
                                                                  xmlFreeParserCtxt);
  if (ctxt == nullptr) return absl::ResourceExhaustedError("libxml2: out of memory");
  auto state = std::make_unique<State>();
  state->what = std::string(what);
  // Some errors (a failed encoding conversion) go to the thread's generic handler whatever the
  // options, and its default prints them on stderr, among the daemon's JSON log lines. What
  // went wrong is read from the context below; the thread's handler stays silent.
  xmlSetGenericErrorFunc(nullptr, &IgnoreXmlMessage);
  state->doc = xmlCtxtReadMemory(ctxt.get(), xml.data(), static_cast<int>(xml.size()), nullptr,
                                 nullptr, kParseOptions);
  if (state->doc == nullptr || !ctxt->wellFormed) {
    const xmlError* error = xmlCtxtGetLastError(ctxt.get());
    if (error == nullptr || error->message == nullptr) return malformed("not well-formed");
    return malformed(absl::StrCat(absl::StripTrailingAsciiWhitespace(error->message), " (line ",
                                  error->line, ")"));
  }
  if (state->doc->intSubset != nullptr || state->doc->extSubset != nullptr) {
    return malformed("DTDs are not accepted");
  }
  if (xmlDocGetRootElement(state->doc) == nullptr) return malformed("no root element");
  return XmlDocument(std::move(state));
}

XmlElement XmlDocument::root() const {
  return XmlElement(xmlDocGetRootElement(state_->doc), &state_->what);
}

absl::string_view XmlElement::name() const { return View(node_->name); }

std::string XmlElement::text() const {
  xmlChar* content = xmlNodeGetContent(node_);
  std::string result(View(content));
  xmlFree(content);
  return result;
}

std::optional<XmlElement> XmlElement::Child(absl::string_view name) const {
  for (xmlNode* c = node_->children; c != nullptr; c = c->next) {
    if (IsElementNamed(c, name)) return XmlElement(c, what_);
  }
  return std::nullopt;
}

std::vector<XmlElement> XmlElement::Children(absl::string_view name) const {
  std::vector<XmlElement> result;
  for (xmlNode* c = node_->children; c != nullptr; c = c->next) {
    if (IsElementNamed(c, name)) result.push_back(XmlElement(c, what_));
  }
  return result;
}

std::vector<XmlElement> XmlElement::Children() const {
  std::vector<XmlElement> result;
  for (xmlNode* c = node_->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) result.push_back(XmlElement(c, what_));
  }
  return result;
}

std::string XmlElement::ChildText(absl::string_view name) const {
  std::optional<XmlElement> child = Child(name);
  return child ? child->text() : std::string();
}

absl::StatusOr<int64_t> XmlElement::ChildInt(absl::string_view name) const {
  std::optional<XmlElement> child = Child(name);
  if (!child) return Malformed(absl::StrCat("<", this->name(), "> has no <", name, ">"));
  int64_t value = 0;
  if (!absl::SimpleAtoi(child->text(), &value)) {
    return Malformed(absl::StrCat("<", name, "> is not an integer"));
  }
  return value;
}

absl::StatusOr<int64_t> XmlElement::ChildIntOr(absl::string_view name, int64_t fallback) const {
  if (!HasChild(name)) return fallback;
  return ChildInt(name);
}

absl::Status XmlElement::Malformed(absl::string_view detail) const {
  return absl::InternalError(absl::StrCat("malformed XML from ", *what_, ": ", detail));
}

}  // namespace osp::providers::base
