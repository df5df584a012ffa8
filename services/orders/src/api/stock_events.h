// The events of stock changes: raised here, in api/, never by the store.
#pragma once

#include <vector>

#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "services/orders/src/store/stock_store.h"

namespace sales::orders::api {

// One stock_changed event per change (aggregate "products/{id}") and a stock_low event for
// each product whose total available units crossed from at or above its reorder point (> 0)
// to below it through these changes (read in `tx`, where the product rows are locked). Call
// it after the changes, in the transaction that made them, with all of them (one call per
// batch), and write the events in that transaction.
std::vector<events::v1::Event> StockEvents(db::Transaction& tx,
                                           const std::vector<store::StockChange>& changes);

// StockEvents, written to the outbox at once.
void WriteStockEvents(db::Transaction& tx, const std::vector<store::StockChange>& changes);

}  // namespace sales::orders::api
