#include "client/table.h"

#include <algorithm>
#include <utility>

namespace osp::client {
namespace {

void RenderLine(const std::vector<std::string>& cells, const std::vector<size_t>& widths,
                const std::vector<bool>& right_aligned, std::ostream& out) {
  std::string line;
  for (size_t c = 0; c < cells.size(); ++c) {
    const std::string& cell = cells[c];
    const size_t pad = widths[c] > cell.size() ? widths[c] - cell.size() : 0;
    const bool last = c + 1 == cells.size();
    const bool right = c < right_aligned.size() && right_aligned[c];
    if (c > 0) line += "  ";
    if (right) line.append(pad, ' ');
    line += cell;
    if (!right && !last) line.append(pad, ' ');
  }
  // Empty trailing cells would leave padding behind.
  line.erase(line.find_last_not_of(' ') + 1);
  out << line << '\n';
}

}  // namespace

Table::Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

void Table::AlignRight(size_t column) {
  if (right_aligned_.size() <= column) right_aligned_.resize(column + 1, false);
  right_aligned_[column] = true;
}

void Table::AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

void Table::Render(std::ostream& out) const {
  std::vector<size_t> widths(headers_.size(), 0);
  auto widen = [&widths](const std::vector<std::string>& cells) {
    if (widths.size() < cells.size()) widths.resize(cells.size(), 0);
    for (size_t c = 0; c < cells.size(); ++c) widths[c] = std::max(widths[c], cells[c].size());
  };
  widen(headers_);
  for (const auto& row : rows_) widen(row);
  if (!headers_.empty()) RenderLine(headers_, widths, right_aligned_, out);
  for (const auto& row : rows_) RenderLine(row, widths, right_aligned_, out);
}

}  // namespace osp::client
