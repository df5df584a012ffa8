// What prediction takes from the customers feed: each interaction logged (its kind, rep,
// subject and time) and each lead's expected amount as last set (LeadCreated, then
// LeadUpdated). Both are idempotent by their rows: a repeated interaction changes nothing,
// and an amount is simply set again.
#pragma once

#include <cstdint>
#include <string>

#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "services/analytics/src/ingest/ingest_context.h"
#include "services/analytics/src/store/interaction_store.h"

namespace sales::analytics::ingest {

// The fact of a logged interaction: the subject split into customer or lead.
store::InteractionFact InteractionFactOf(const events::v1::InteractionLogged& logged);

// The per-event forms (the batch collects the same rows and writes them once).
void ApplyInteractionLogged(db::Transaction& tx, const IngestContext& ctx,
                            const events::v1::InteractionLogged& logged);
void ApplyLeadAmount(db::Transaction& tx, const IngestContext& ctx, const std::string& lead,
                     int64_t expected_minor);

}  // namespace sales::analytics::ingest
