// Aligned text tables for people: a header row and columns padded to the widest cell, as a
// terminal shows them (CJK characters take two columns, combining marks none).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace sales::salesctl {

// The number of terminal columns `utf8` takes: East Asian wide and full-width characters
// count 2, combining marks 0, everything else 1 (an invalid byte counts 1).
int DisplayWidth(absl::string_view utf8);

class TablePrinter final {
 public:
  enum class Align { kLeft, kRight };
  struct Column {
    std::string header;
    Align align = Align::kLeft;
  };

  explicit TablePrinter(std::vector<Column> columns);

  // One row, a cell per column (missing cells are empty, extra ones dropped). Line breaks
  // and tabs inside a cell become spaces, so that a row stays on one line.
  void AddRow(std::vector<std::string> cells);
  size_t row_count() const { return rows_.size(); }

  // The header and the rows, columns two spaces apart, no trailing blanks.
  void Print(std::ostream& out) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace sales::salesctl
