// What analytics does with the customers feed: leads counted in the cohort of the day they
// were created and followed to won or lost, and survey answers counted on the day they were
// given. Runs inside the consumer's transaction; the facts make a repeated event change
// nothing.
#pragma once

#include "absl/status/status.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "services/analytics/src/ingest/ingest_context.h"

namespace sales::analytics::ingest {

// The event types this consumer subscribes to.
inline constexpr const char* kCustomerEventTypes[] = {
    "lead_created", "lead_stage_changed", "lead_converted", "survey_answered",
    "tier_changed", "interaction_logged", "lead_updated",   "complaint_resolved"};

absl::Status ApplyCustomerEvent(db::Transaction& tx, const IngestContext& ctx,
                                const events::v1::Event& event);

}  // namespace sales::analytics::ingest
