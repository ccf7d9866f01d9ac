#include "providers/base/xml_writer.h"

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include <cstdint>

#include "absl/strings/str_cat.h"

namespace osp::providers::base {
namespace {

const xmlChar* X(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

// True if `c` is a character XML 1.0 allows (production [2] Char).
bool IsXmlChar(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// True if `s` is well-formed UTF-8 (shortest forms, no surrogates) of XML characters only.
bool IsXmlText(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    int len = 0;
    uint32_t c = 0;
    if (b0 < 0x80) {
      len = 1;
      c = b0;
    } else if ((b0 & 0xE0) == 0xC0) {
      len = 2;
      c = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3;
      c = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4;
      c = b0 & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      c = (c << 6) | (b & 0x3F);
    }
    static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < kMinForLength[len] || !IsXmlChar(c)) return false;
    i += len;
  }
  return true;
}

}  // namespace

XmlWriter::XmlWriter(absl::string_view root, absl::string_view xmlns) {
  xmlInitParser();
  buffer_ = xmlBufferCreate();
  writer_ = buffer_ == nullptr ? nullptr : xmlNewTextWriterMemory(buffer_, 0);
  if (writer_ == nullptr) {
    status_ = absl::ResourceExhaustedError("libxml2: out of memory");
    return;
  }
  Check(xmlTextWriterStartDocument(writer_, "1.0", "UTF-8", nullptr), "document");
  StartElement(root);
  if (!xmlns.empty() && status_.ok()) {
    Check(xmlTextWriterWriteAttribute(writer_, X("xmlns"), X(std::string(xmlns))), "xmlns");
  }
}

XmlWriter::~XmlWriter() {
  if (writer_ != nullptr) xmlFreeTextWriter(writer_);
  if (buffer_ != nullptr) xmlBufferFree(buffer_);
}

void XmlWriter::Check(int rc, absl::string_view what) {
  if (rc < 0 && status_.ok()) {
    status_ = absl::InternalError(absl::StrCat("libxml2 failed to write <", what, ">"));
  }
}

XmlWriter& XmlWriter::StartElement(absl::string_view name) {
  if (status_.ok() && !finished_) {
    Check(xmlTextWriterStartElement(writer_, X(std::string(name))), name);
  }
  return *this;
}

XmlWriter& XmlWriter::EndElement() {
  if (status_.ok() && !finished_) Check(xmlTextWriterEndElement(writer_), "end");
  return *this;
}

bool XmlWriter::IsValidText(absl::string_view text) { return IsXmlText(text); }

XmlWriter& XmlWriter::Element(absl::string_view name, absl::string_view text) {
  if (!status_.ok() || finished_) return *this;
  if (!IsXmlText(text)) {
    status_ = absl::InvalidArgumentError(
        absl::StrCat("<", name,
                     "> holds bytes that are not valid UTF-8 XML text (control character or bad "
                     "encoding)"));
    return *this;
  }
  Check(xmlTextWriterWriteElement(writer_, X(std::string(name)), X(std::string(text))), name);
  return *this;
}

absl::StatusOr<std::string> XmlWriter::Finish() {
  if (finished_) return absl::FailedPreconditionError("XmlWriter::Finish called twice");
  finished_ = true;
  if (!status_.ok()) return status_;
  Check(xmlTextWriterEndDocument(writer_), "end of document");
  if (!status_.ok()) return status_;
  // Flushes the writer into buffer_.
  xmlFreeTextWriter(writer_);
  writer_ = nullptr;
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_)),
                     static_cast<size_t>(xmlBufferLength(buffer_)));
}

}  // namespace osp::providers::base
