// Stock history: each stock change of the orders feed kept with its time (ingest), and read
// back per product and warehouse for inventory turnover and stock-out days.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/process_kpis.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::store {

// One stock_changed event: the on-hand units after it.
struct StockMovement {
  std::string event_id;
  int64_t feed_position = 0;  // the event's position in the orders feed
  std::string product;
  std::string warehouse;
  absl::Time time;
  int64_t on_hand = 0;
};

// Records `movements` in the tables of `set`; a movement whose event was recorded before
// changes nothing.
void RecordStockMovements(db::Transaction& tx, TableSet set,
                          const std::vector<StockMovement>& movements);

// Every movement before `end` from the live facts, by product and warehouse, each in feed
// order (then time), with the civil day of its time in `zone`.
std::vector<domain::StockMove> LoadStockMoves(db::Transaction& tx, absl::Time end,
                                              const absl::TimeZone& zone);

// Per product, the cost and units of every counted order line placed before `end` (live
// facts): its weighted-average unit cost.
std::vector<domain::ProductCost> LoadProductCosts(db::Transaction& tx, absl::Time end);

// The won leads' cycles: per lead whose first entry into the won stage is in [from, to) and
// whose outcome is won now, its create time and that entry's time.
std::vector<domain::WonLead> LoadWonLeads(db::Transaction& tx, absl::Time from, absl::Time to);

}  // namespace sales::analytics::store
