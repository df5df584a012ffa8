// The orders feed applied a batch at a time: the same facts and rollup rows as applying
// its events one by one (ApplyOrderEvent), from a few bulk reads (the orders, first orders
// and returns the batch refers to, one IN list each) and multi-row writes at the end, instead
// of about ten statements per event. Within the batch the events are applied in order
// against what was read, so an order placed and cancelled, placed twice, or an older order
// imported after a newer one of the same customer come out as they would event by event.
// Event types the batch does not know go through ApplyOrderEvent, in their place.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "services/analytics/src/ingest/ingest_context.h"

namespace sales::analytics::ingest {

absl::Status ApplyOrderEvents(db::Transaction& tx, const IngestContext& ctx,
                              const std::vector<const events::v1::Event*>& events);

}  // namespace sales::analytics::ingest
