// The customers feed applied a batch at a time: the same facts and rollup rows as applying
// its events one by one (ApplyCustomerEvent), from one bulk read of the leads and one of the
// survey answers the batch refers to, and multi-row writes at the end. Within the batch the
// events are applied in order against what was read (a lead created and moved in one batch
// counts as it would event by event). Event types the batch does not know go through
// ApplyCustomerEvent, in their place.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "services/analytics/src/ingest/ingest_context.h"

namespace sales::analytics::ingest {

absl::Status ApplyCustomerEvents(db::Transaction& tx, const IngestContext& ctx,
                                 const std::vector<const events::v1::Event*>& events);

}  // namespace sales::analytics::ingest
