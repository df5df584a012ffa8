// What analytics does with the orders feed: an order placed (live or imported) adds a sale
// to the day of its create time; a cancellation takes exactly that out again; a resolved
// return reduces the day it was resolved; stock levels are kept as the latest stock event
// says; a product's SKU and display name as its latest product_changed event says. Runs
// inside the consumer's transaction, so each event is applied once together with the feed
// checkpoint; the facts make a repeated event change nothing as well.
#pragma once

#include "absl/status/status.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "services/analytics/src/ingest/ingest_context.h"

namespace sales::analytics::ingest {

// The event types this consumer subscribes to.
inline constexpr const char* kOrderEventTypes[] = {"order_placed",      "order_status_changed",
                                                   "return_resolved",   "stock_changed",
                                                   "promotion_changed", "product_changed"};
// The order statuses it asks for: a cancellation takes the order out of the figures, a
// delivery is compared with the promise. The others carry nothing analytics uses.
inline constexpr const char* kOrderStatuses[] = {"ORDER_STATUS_CANCELLED",
                                                 "ORDER_STATUS_DELIVERED"};

absl::Status ApplyOrderEvent(db::Transaction& tx, const IngestContext& ctx,
                             const events::v1::Event& event);

}  // namespace sales::analytics::ingest
