// The events of stock changes: raised here, in api/, never by the store.
#pragma once

#include <vector>

#include "common/db/transaction.h"
#include "services/orders/src/store/stock_store.h"

namespace sales::orders::api {

// Writes, in `tx`, one stock_changed event per change (aggregate "products/{id}") and a
// stock_low event for each product whose total available units crossed from at or above
// its reorder point (> 0) to below it through these changes. Call it after the changes, in
// the transaction that made them, with all of them (one call per batch).
void WriteStockEvents(db::Transaction& tx, const std::vector<store::StockChange>& changes);

}  // namespace sales::orders::api
