// What analytics does with the customers feed's tier changes: each customer's tier history
// (domain/tier_history.h), for the tier slice. Runs inside the consumer's transaction.
#pragma once

#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "services/analytics/src/ingest/ingest_context.h"

namespace sales::analytics::ingest {

// Applies a TierChanged event, at its occur_time.
void ApplyTierChanged(db::Transaction& tx, const IngestContext& ctx,
                      const events::v1::Event& event);

}  // namespace sales::analytics::ingest
