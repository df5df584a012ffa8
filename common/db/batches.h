// Multi-row statements sized for the hot path: a request's few rows (an order's lines, its
// products) go in ONE statement instead of ExecRows/QueryRows' power-of-two chunks (3 rows
// would be two statements there). Built from placeholders only, never from values.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <cppconn/resultset.h>

#include "absl/functional/function_ref.h"
#include "common/db/in_list.h"
#include "common/db/transaction.h"

namespace sales::db {

// Up to this many rows a batch is one statement of its exact size (at most this many
// distinct texts per statement to prepare); larger batches use ExecRows' chunks.
inline constexpr size_t kOneStatementRows = 16;

// Runs `prefix + "(?, ...), ..." + suffix` over `params` (row-major, `width` per row).
inline void ExecBatch(Transaction& tx, const std::string& prefix, int width,
                      const std::vector<SqlParam>& params, const std::string& suffix = "") {
  if (params.empty()) return;
  const size_t rows = params.size() / static_cast<size_t>(width);
  if (rows > kOneStatementRows) {
    ExecRows(tx, prefix, width, params, suffix);
    return;
  }
  tx.Exec(prefix + RowPlaceholders(static_cast<int>(rows), width) + suffix, params);
}

// Runs `prefix + "?, ?, ..." + suffix` with `leading` parameters (those in `prefix`) then
// `ids` (the IN list, typically "... IN (" and ")"), and hands every row to `on_row`. The
// list is padded to a power of two (in_list.h), so one statement serves any size up to 256
// with few distinct texts.
inline void QueryIn(Transaction& tx, const std::string& prefix,
                    const std::vector<SqlParam>& leading, const std::vector<int64_t>& ids,
                    const std::string& suffix, absl::FunctionRef<void(sql::ResultSet&)> on_row) {
  constexpr size_t kMaxList = 256;
  for (size_t begin = 0; begin < ids.size(); begin += kMaxList) {
    const size_t end = std::min(ids.size(), begin + kMaxList);
    const size_t padded = PaddedInListSize(end - begin);
    std::vector<SqlParam> params = leading;
    for (size_t i = 0; i < padded; ++i) params.emplace_back(ids[std::min(begin + i, end - 1)]);
    auto rs = tx.Query(prefix + InListPlaceholders(padded) + suffix, params);
    while (rs->next()) on_row(*rs);
  }
}

}  // namespace sales::db
