// Table: rows of text rendered as aligned columns separated by two spaces, with an optional
// header row (upper-case names, as kubectl and aws print them). A table without headers renders
// "key  value" lists. Thread-compatible (a value type).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace osp::client {

class Table final {
 public:
  // `headers` may be empty: then no header row is printed and rows may have any width.
  explicit Table(std::vector<std::string> headers = {});

  // Right-aligns column `column` (sizes, counts).
  void AlignRight(size_t column);
  void AddRow(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }

  // Writes the header (if any) and every row, each line ending in '\n' without trailing
  // blanks.
  void Render(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<bool> right_aligned_;
};

}  // namespace osp::client
