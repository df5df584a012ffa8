// Returns and exchanges with their lines (inside the caller's transaction).
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "common/db/transaction.h"
#include "services/orders/src/store/rows.h"

namespace sales::orders::store {

// Inserts the return and its lines; returns its id.
int64_t InsertReturn(db::Transaction& tx, const ReturnRow& row);
// The return with its lines; `for_update` locks the return row.
std::optional<ReturnRow> FindReturn(db::Transaction& tx, int64_t id, bool for_update);
// Writes status, disposition, refund_total_minor, replacement_order_id, rejection_reason and
// updated_at.
void UpdateReturn(db::Transaction& tx, const ReturnRow& row);
// Units of each line of the order in any return so far (requested, received or resolved;
// a rejected return holds none), by line_id; with `before_return_id` > 0 only in the
// returns created before that one.
std::map<int32_t, int64_t> ReturnedUnitsByLine(db::Transaction& tx, int64_t order_id,
                                               int64_t before_return_id = 0);

}  // namespace sales::orders::store
