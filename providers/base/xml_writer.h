// XmlWriter: builds an XML request body (S3 configurations, ECS management payloads) through
// libxml2's xmlTextWriter, which escapes every text value; documents are never assembled by
// string concatenation. Text must be valid UTF-8 made of characters XML 1.0 allows; anything
// else makes Finish() fail instead of producing a document the backend would misread.
// Not thread-safe: one writer builds one document on one thread.
//
//   XmlWriter w("VersioningConfiguration", "http://s3.amazonaws.com/doc/2006-03-01/");
//   w.Element("Status", "Enabled");
//   ASSIGN_OR_RETURN(std::string body, w.Finish());
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct _xmlTextWriter;
struct _xmlBuffer;

namespace osp::providers::base {

class XmlWriter final {
 public:
  // Starts a document (`<?xml version="1.0" encoding="UTF-8"?>`) whose root element is `root`,
  // with default namespace `xmlns` unless empty.
  explicit XmlWriter(absl::string_view root, absl::string_view xmlns = "");
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  // Opens a child element of the current element; close it with EndElement().
  XmlWriter& StartElement(absl::string_view name);
  XmlWriter& EndElement();
  // Writes <name>text</name> inside the current element, escaping `text`.
  XmlWriter& Element(absl::string_view name, absl::string_view text);

  // True if `text` can be written: valid UTF-8 of characters XML 1.0 allows.
  static bool IsValidText(absl::string_view text);

  // Closes every open element and returns the document. Text that is not valid UTF-8 or holds a
  // character XML 1.0 forbids (NUL, most control characters) -> INVALID_ARGUMENT naming the
  // element; a libxml2 failure -> INTERNAL. The writer is spent afterwards.
  absl::StatusOr<std::string> Finish();

 private:
  void Check(int rc, absl::string_view what);

  _xmlBuffer* buffer_;
  _xmlTextWriter* writer_;
  absl::Status status_;
  bool finished_ = false;
};

}  // namespace osp::providers::base
