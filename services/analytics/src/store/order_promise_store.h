// Orders with a delivery promise (order_promise_facts, from the orders feed), written by
// ingest into one table set, and the orders past their promised date and not yet delivered
// that the process KPIs read from the live tables.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/delivery_kpis.h"
#include "services/analytics/src/store/activity_store.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::store {

// An order's promise as one event of it carried it.
struct OrderPromise {
  std::string order;  // "orders/{id}"
  std::string channel;
  std::string region;
  absl::Time create_time;
  absl::CivilDay promised;
  std::optional<absl::Time> cancel_time;  // set by the event that cancelled it
};

// Records `rows` in event order in the tables of `set`: a new order's row; for one recorded
// before, its promised date replaced and its cancel time set once (a repeated cancellation
// keeps the first).
void RecordOrderPromises(db::Transaction& tx, TableSet set, const std::vector<OrderPromise>& rows);

// At `as_of`, from the live facts: the orders with a promise placed before it and neither
// cancelled nor delivered (delivery_facts) before it, and of them those whose promised date
// is before `as_of_day` (the local day holding as_of: the promised day has ended); of the
// whole company or of a channel, region or rep (a credit share of the order) as `slice` says
// (kAll, kChannel, kRegion or kRep; any other kind counts nothing).
domain::OverdueCounts LoadOverdueCounts(db::Transaction& tx, absl::Time as_of,
                                        absl::CivilDay as_of_day, const FactSlice& slice);

}  // namespace sales::analytics::store
