// What analytics does with a product_changed event of the orders feed: it keeps the
// product's SKU and display name as the event describes them (product_names), for the
// answers that name products. Runs inside the consumer's transaction; a repeated event
// stores the same.
#pragma once

#include "absl/status/status.h"
#include "common/db/transaction.h"
#include "sales/events/v1/order_events.pb.h"
#include "services/analytics/src/ingest/ingest_context.h"
#include "services/analytics/src/store/product_name_store.h"

namespace sales::analytics::ingest {

// The product's name row as the event describes it.
store::ProductName ProductNameOf(const events::v1::ProductChanged& event);

// The per-event path: stores that row in the context's table set.
absl::Status ApplyProductChanged(db::Transaction& tx, const IngestContext& ctx,
                                 const events::v1::ProductChanged& event);

}  // namespace sales::analytics::ingest
