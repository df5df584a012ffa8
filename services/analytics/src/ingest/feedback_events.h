// What the complaint KPIs take from the customers feed: interactions logged with a feedback
// category or as complaints, survey answers with a category (InteractionLogged,
// SurveyAnswered), and complaint resolutions (ComplaintResolved). Idempotent by their rows:
// a repeated event changes nothing, and a complaint's first resolution stands.
#pragma once

#include <optional>

#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "services/analytics/src/ingest/ingest_context.h"
#include "services/analytics/src/store/feedback_store.h"

namespace sales::analytics::ingest {

// The feedback fact of an interaction; none when it has neither a category nor is a
// complaint.
std::optional<store::FeedbackFact> FeedbackFactOf(const events::v1::InteractionLogged& logged);
// The feedback fact of a survey answer; none without a category.
std::optional<store::FeedbackFact> FeedbackFactOf(const events::v1::SurveyAnswered& answer);
store::ComplaintResolution ComplaintResolutionOf(const events::v1::ComplaintResolved& resolved);

// The per-event forms (the batch collects the same rows and writes them once).
void ApplyFeedback(db::Transaction& tx, const IngestContext& ctx,
                   const std::optional<store::FeedbackFact>& fact);
void ApplyComplaintResolved(db::Transaction& tx, const IngestContext& ctx,
                            const events::v1::ComplaintResolved& resolved);

}  // namespace sales::analytics::ingest
