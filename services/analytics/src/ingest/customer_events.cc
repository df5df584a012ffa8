#include "services/analytics/src/ingest/customer_events.h"

#include "common/server/log.h"
#include "common/time_util.h"
#include "services/analytics/src/domain/customer_deltas.h"
#include "services/analytics/src/ingest/feedback_events.h"
#include "services/analytics/src/ingest/interaction_events.h"
#include "services/analytics/src/ingest/tier_events.h"

namespace sales::analytics::ingest {
namespace {

namespace ev = ::sales::events::v1;
using domain::LeadOutcome;

LeadOutcome OutcomeOfStage(const std::string& stage) {
  if (stage == "LEAD_STAGE_WON") return LeadOutcome::kWon;
  if (stage == "LEAD_STAGE_LOST") return LeadOutcome::kLost;
  return LeadOutcome::kOpen;
}

void Created(db::Transaction& tx, const IngestContext& ctx, const ev::LeadCreated& lead) {
  const absl::Time created = FromProtoTime(lead.create_time());
  const store::StoredLead row{created, absl::ToCivilDay(created, ctx.zone), lead.owner_rep(),
                              lead.acquisition_channel(), LeadOutcome::kOpen};
  if (!ctx.facts->InsertLead(tx, lead.lead(), row)) return;
  ApplyLeadAmount(tx, ctx, lead.lead(), lead.expected_amount().minor_units());
  ctx.facts->AddLeadStage(tx, lead.lead(), lead.stage(), created);
  ctx.rollup->AddDeltas(tx, domain::LeadCreatedDeltas(row.day, row.owner_rep));
}

void MoveOutcome(db::Transaction& tx, const IngestContext& ctx, const std::string& lead,
                 LeadOutcome to) {
  const std::optional<store::StoredLead> stored = ctx.facts->LoadLead(tx, lead);
  if (!stored.has_value()) {
    // Every lead's creation precedes its moves in the feed; one missing means the feed was
    // truncated, and its cohort is unknown.
    log::Warn("lead outcome for a lead never created, not counted", {{"lead", lead}});
    return;
  }
  if (stored->outcome == to) return;
  ctx.rollup->AddDeltas(
      tx, domain::LeadOutcomeDeltas(stored->day, stored->owner_rep, stored->outcome, to));
  ctx.facts->SaveLeadOutcome(tx, lead, to);
}

void Answered(db::Transaction& tx, const IngestContext& ctx, const ev::SurveyAnswered& answer) {
  const domain::SurveyKind kind =
      answer.kind() == "SURVEY_KIND_NPS" ? domain::SurveyKind::kNps : domain::SurveyKind::kCsat;
  const absl::CivilDay day = absl::ToCivilDay(FromProtoTime(answer.answer_time()), ctx.zone);
  if (!ctx.facts->InsertSurvey(tx, answer.survey_response(), answer.kind(), answer.score(), day)) {
    return;
  }
  ctx.rollup->AddDeltas(tx, domain::SurveyDeltas(day, kind, answer.score()));
}

}  // namespace

absl::Status ApplyCustomerEvent(db::Transaction& tx, const IngestContext& ctx,
                                const events::v1::Event& event) {
  switch (event.payload_case()) {
    case ev::Event::kLeadCreated:
      Created(tx, ctx, event.lead_created());
      break;
    case ev::Event::kLeadStageChanged: {
      const ev::LeadStageChanged& changed = event.lead_stage_changed();
      ctx.facts->AddLeadStage(tx, changed.lead(), changed.to_stage(),
                              FromProtoTime(changed.change_time()));
      MoveOutcome(tx, ctx, changed.lead(), OutcomeOfStage(changed.to_stage()));
      break;
    }
    case ev::Event::kLeadConverted:
      MoveOutcome(tx, ctx, event.lead_converted().lead(), LeadOutcome::kWon);
      break;
    case ev::Event::kSurveyAnswered:
      Answered(tx, ctx, event.survey_answered());
      ApplyFeedback(tx, ctx, FeedbackFactOf(event.survey_answered()));
      break;
    case ev::Event::kTierChanged:
      ApplyTierChanged(tx, ctx, event);
      break;
    case ev::Event::kInteractionLogged:
      ApplyInteractionLogged(tx, ctx, event.interaction_logged());
      ApplyFeedback(tx, ctx, FeedbackFactOf(event.interaction_logged()));
      break;
    case ev::Event::kComplaintResolved:
      ApplyComplaintResolved(tx, ctx, event.complaint_resolved());
      break;
    case ev::Event::kLeadUpdated:
      ApplyLeadAmount(tx, ctx, event.lead_updated().lead(),
                      event.lead_updated().expected_amount().minor_units());
      break;
    default:
      break;  // not a figure analytics keeps
  }
  return absl::OkStatus();
}

}  // namespace sales::analytics::ingest
