#include "services/analytics/src/ingest/feedback_events.h"

#include "absl/strings/match.h"
#include "common/time_util.h"

namespace sales::analytics::ingest {
namespace {

// The subject of an interaction, a customer or a lead, into its column.
void SetSubject(const std::string& subject, store::FeedbackFact& fact) {
  if (absl::StartsWith(subject, "leads/")) {
    fact.lead = subject;
  } else {
    fact.customer = subject;
  }
}

}  // namespace

std::optional<store::FeedbackFact> FeedbackFactOf(const events::v1::InteractionLogged& logged) {
  if (logged.category().empty() && !logged.complaint()) return std::nullopt;
  store::FeedbackFact fact;
  fact.item = logged.interaction();
  fact.category = logged.category();
  fact.complaint = logged.complaint();
  fact.rep = logged.rep();
  SetSubject(logged.subject(), fact);
  fact.occur_time = FromProtoTime(logged.occur_time());
  return fact;
}

std::optional<store::FeedbackFact> FeedbackFactOf(const events::v1::SurveyAnswered& answer) {
  if (answer.category().empty()) return std::nullopt;
  store::FeedbackFact fact;
  fact.item = answer.survey_response();
  fact.category = answer.category();
  fact.customer = answer.customer();
  fact.occur_time = FromProtoTime(answer.answer_time());
  return fact;
}

store::ComplaintResolution ComplaintResolutionOf(const events::v1::ComplaintResolved& resolved) {
  store::ComplaintResolution out;
  out.complaint.item = resolved.interaction();
  out.complaint.category = resolved.category();
  out.complaint.complaint = true;
  out.complaint.rep = resolved.rep();
  SetSubject(resolved.subject(), out.complaint);
  out.complaint.occur_time = FromProtoTime(resolved.complaint_time());
  out.resolve_time = FromProtoTime(resolved.resolve_time());
  out.resolved_by = resolved.resolved_by();
  return out;
}

void ApplyFeedback(db::Transaction& tx, const IngestContext& ctx,
                   const std::optional<store::FeedbackFact>& fact) {
  if (ctx.feedback == nullptr || !fact.has_value()) return;
  ctx.feedback->InsertFeedback(tx, {*fact});
}

void ApplyComplaintResolved(db::Transaction& tx, const IngestContext& ctx,
                            const events::v1::ComplaintResolved& resolved) {
  if (ctx.feedback == nullptr) return;
  ctx.feedback->ResolveComplaints(tx, {ComplaintResolutionOf(resolved)});
}

}  // namespace sales::analytics::ingest
