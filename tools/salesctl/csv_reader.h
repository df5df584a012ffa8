// CSV as RFC 4180 writes it (fields separated by commas, optionally quoted with '"', a
// quote inside a quoted field doubled, commas and line breaks allowed inside quotes, CRLF
// or LF line ends), with the line number each record starts on, and a header row that
// names the columns.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sales::salesctl {

struct CsvRecord {
  // 1-based line of the file where the record starts.
  int line = 0;
  std::vector<std::string> fields;
};

// All records of `text`; blank lines are skipped, a leading UTF-8 byte order mark is
// ignored. INVALID_ARGUMENT "line N: ..." for an unterminated quoted field or text after a
// closing quote.
absl::StatusOr<std::vector<CsvRecord>> ParseCsv(absl::string_view text);

// The columns that a header record names.
class CsvHeader final {
 public:
  // The header must name every column in `required`, may name those in `optional`, and
  // nothing else, each once (names are compared as written, after trimming blanks).
  // INVALID_ARGUMENT "line N: ..." otherwise.
  static absl::StatusOr<CsvHeader> Parse(const CsvRecord& header,
                                         const std::vector<std::string>& required,
                                         const std::vector<std::string>& optional);

  // OK if `record` has as many fields as the header, else INVALID_ARGUMENT "line N: ...".
  absl::Status CheckWidth(const CsvRecord& record) const;
  // The field of `column` in `record` ("" when the header does not name the column).
  const std::string& Get(const CsvRecord& record, const std::string& column) const;
  bool Has(const std::string& column) const { return index_.count(column) > 0; }

 private:
  std::map<std::string, size_t> index_;
  size_t width_ = 0;
};

}  // namespace sales::salesctl
