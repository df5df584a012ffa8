// The stock movement a stock_changed event of the orders feed carries, for the stock history
// (store/stock_history_store.h). Shared by the per-event and the batch ingest.
#pragma once

#include "sales/events/v1/event.pb.h"
#include "services/analytics/src/store/stock_history_store.h"

namespace sales::analytics::ingest {

// The on-hand units after the change, at the event's occurrence time, keyed by the event id.
store::StockMovement StockMovementOf(const events::v1::Event& event);

}  // namespace sales::analytics::ingest
