// The facts an orders-feed event carries: an order snapshot as an order fact, a resolved
// return as a return fact. Shared by the per-event and the batch ingest of the orders feed.
#pragma once

#include "sales/events/v1/event.pb.h"
#include "services/analytics/src/domain/sale_deltas.h"

namespace sales::analytics::ingest {

domain::OrderFact OrderFactOf(const events::v1::OrderSnapshot& snapshot);

// The return of a return_resolved event, at its resolve time (the original time of an
// imported return; a live one carries its commit time; events from before resolve_time
// existed: the event's own time).
domain::ReturnFact ReturnFactOf(const events::v1::Event& event);

}  // namespace sales::analytics::ingest
