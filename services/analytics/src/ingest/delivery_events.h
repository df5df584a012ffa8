// What on-time delivery takes from the orders feed: each order whose every shipment was
// delivered (OrderStatusChanged to DELIVERED), with its channel, region, delivery promise and
// how the orders service judged the delivery against it. Idempotent by its row: a repeated
// event changes nothing.
#pragma once

#include <optional>

#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "services/analytics/src/ingest/ingest_context.h"
#include "services/analytics/src/store/delivery_store.h"

namespace sales::analytics::ingest {

// The delivery fact of a status change; none unless it is the move to DELIVERED.
std::optional<store::DeliveryFact> DeliveryFactOf(const events::v1::OrderStatusChanged& changed);

// The per-event form (the batch collects the same rows and writes them once).
void ApplyDelivery(db::Transaction& tx, const IngestContext& ctx,
                   const events::v1::OrderStatusChanged& changed);

}  // namespace sales::analytics::ingest
