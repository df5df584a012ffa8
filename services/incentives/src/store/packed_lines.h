// A credit's lines packed into one column of its row (credits.packed_lines), instead of a row of
// their own each: a credit's lines are written once with it, never change, and are only
// ever read whole with it, so one value per credit saves a row and three index entries per
// line at ingest, and a second read per statement.
//
// The format is the text of MariaDB's own `SELECT ... INTO OUTFILE` defaults, so that a
// person reading the column sees the lines: one line per line, fields separated by tabs,
// "product\tcategory\trevenue\tmargin\tunits", a backslash escaping a backslash (\\), a
// tab (\t) or a newline (\n) inside the two text fields. Migration V005 writes the same
// format from the old credit_lines table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/incentives/src/domain/credit_lines.h"

namespace sales::incentives::store {

std::string PackLines(const std::vector<domain::CreditLine>& lines);

// The lines of a packed value; an empty value is no lines. A value not in the format above
// is an INTERNAL error naming what is wrong (it was not written by PackLines).
absl::StatusOr<std::vector<domain::CreditLine>> UnpackLines(std::string_view packed);

}  // namespace sales::incentives::store
