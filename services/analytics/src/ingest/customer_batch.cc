#include "services/analytics/src/ingest/customer_batch.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/server/log.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/analytics/src/domain/customer_deltas.h"
#include "services/analytics/src/ingest/batch_runs.h"
#include "services/analytics/src/ingest/customer_events.h"
#include "services/analytics/src/ingest/feedback_events.h"
#include "services/analytics/src/ingest/interaction_events.h"

namespace sales::analytics::ingest {
namespace {

namespace ev = ::sales::events::v1;
using domain::LeadOutcome;

bool Batched(const ev::Event& event) {
  switch (event.payload_case()) {
    case ev::Event::kLeadCreated:
    case ev::Event::kLeadStageChanged:
    case ev::Event::kLeadConverted:
    case ev::Event::kSurveyAnswered:
    case ev::Event::kInteractionLogged:
    case ev::Event::kLeadUpdated:
    case ev::Event::kComplaintResolved:
      return true;
    default:
      return false;
  }
}

// One run of batched events: read the leads and answers they refer to, apply them in
// order, write everything at the end.
class CustomerBatch final {
 public:
  CustomerBatch(db::Transaction& tx, const IngestContext& ctx) : tx_(tx), ctx_(ctx) {}

  void Prefetch(const std::vector<const ev::Event*>& events);
  void Apply(const ev::Event& event);
  void Flush();

 private:
  void Created(const ev::LeadCreated& lead);
  void MoveOutcome(const std::string& lead, LeadOutcome to);
  void Answered(const ev::SurveyAnswered& answer);

  db::Transaction& tx_;
  const IngestContext& ctx_;
  // Leads known to exist (before or created in this run).
  absl::flat_hash_map<std::string, store::StoredLead> leads_;
  absl::flat_hash_set<std::string> to_save_;  // created, or whose outcome moved
  std::vector<store::LeadStage> stages_;      // in event order
  absl::flat_hash_set<std::string> surveys_;  // answers known to exist
  std::vector<store::SurveyAnswer> answers_;  // answers new in this run
  store::RollupDeltas rollup_;
  std::vector<store::InteractionFact> interactions_;     // in event order
  std::vector<store::FeedbackFact> feedback_;            // in event order
  std::vector<store::ComplaintResolution> resolutions_;  // in event order, after feedback_
  void AddFeedback(std::optional<store::FeedbackFact> fact);
  // Each lead's expected amount as last set in this run, and the order leads were first set.
  absl::flat_hash_map<std::string, int64_t> amounts_;
  std::vector<std::string> amount_order_;
  void SetAmount(const std::string& lead, int64_t minor);
};

LeadOutcome OutcomeOfStage(const std::string& stage) {
  if (stage == "LEAD_STAGE_WON") return LeadOutcome::kWon;
  if (stage == "LEAD_STAGE_LOST") return LeadOutcome::kLost;
  return LeadOutcome::kOpen;
}

void CustomerBatch::Prefetch(const std::vector<const ev::Event*>& events) {
  std::vector<std::string> leads;
  std::vector<std::string> surveys;
  for (const ev::Event* event : events) {
    switch (event->payload_case()) {
      case ev::Event::kLeadCreated:
        leads.push_back(event->lead_created().lead());
        break;
      case ev::Event::kLeadStageChanged:
        leads.push_back(event->lead_stage_changed().lead());
        break;
      case ev::Event::kLeadConverted:
        leads.push_back(event->lead_converted().lead());
        break;
      case ev::Event::kSurveyAnswered:
        surveys.push_back(event->survey_answered().survey_response());
        break;
      default:
        break;
    }
  }
  auto dedupe = [](std::vector<std::string>& keys) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  };
  dedupe(leads);
  dedupe(surveys);
  if (!leads.empty()) leads_ = ctx_.facts->LoadLeads(tx_, leads);
  if (!surveys.empty()) surveys_ = ctx_.facts->ExistingSurveys(tx_, surveys);
}

void CustomerBatch::Apply(const ev::Event& event) {
  switch (event.payload_case()) {
    case ev::Event::kLeadCreated:
      Created(event.lead_created());
      break;
    case ev::Event::kLeadStageChanged: {
      const ev::LeadStageChanged& changed = event.lead_stage_changed();
      stages_.push_back({changed.lead(), FromProtoTime(changed.change_time()), changed.to_stage()});
      MoveOutcome(changed.lead(), OutcomeOfStage(changed.to_stage()));
      break;
    }
    case ev::Event::kLeadConverted:
      MoveOutcome(event.lead_converted().lead(), LeadOutcome::kWon);
      break;
    case ev::Event::kSurveyAnswered:
      Answered(event.survey_answered());
      AddFeedback(FeedbackFactOf(event.survey_answered()));
      break;
    case ev::Event::kInteractionLogged:
      interactions_.push_back(InteractionFactOf(event.interaction_logged()));
      AddFeedback(FeedbackFactOf(event.interaction_logged()));
      break;
    case ev::Event::kComplaintResolved:
      resolutions_.push_back(ComplaintResolutionOf(event.complaint_resolved()));
      break;
    case ev::Event::kLeadUpdated:
      SetAmount(event.lead_updated().lead(), event.lead_updated().expected_amount().minor_units());
      break;
    default:
      break;
  }
}

void CustomerBatch::AddFeedback(std::optional<store::FeedbackFact> fact) {
  if (fact.has_value()) feedback_.push_back(std::move(*fact));
}

void CustomerBatch::SetAmount(const std::string& lead, int64_t minor) {
  if (amounts_.insert_or_assign(lead, minor).second) amount_order_.push_back(lead);
}

void CustomerBatch::Created(const ev::LeadCreated& lead) {
  if (leads_.contains(lead.lead())) return;  // seen before
  const absl::Time created = FromProtoTime(lead.create_time());
  store::StoredLead row{created, absl::ToCivilDay(created, ctx_.zone), lead.owner_rep(),
                        lead.acquisition_channel(), LeadOutcome::kOpen};
  stages_.push_back({lead.lead(), created, lead.stage()});
  rollup_.Add(domain::LeadCreatedDeltas(row.day, row.owner_rep));
  to_save_.insert(lead.lead());
  leads_.emplace(lead.lead(), std::move(row));
  SetAmount(lead.lead(), lead.expected_amount().minor_units());
}

void CustomerBatch::MoveOutcome(const std::string& lead, LeadOutcome to) {
  auto it = leads_.find(lead);
  if (it == leads_.end()) {
    // Every lead's creation precedes its moves in the feed; one missing means the feed was
    // truncated, and its cohort is unknown.
    log::Warn("lead outcome for a lead never created, not counted", {{"lead", lead}});
    return;
  }
  store::StoredLead& stored = it->second;
  if (stored.outcome == to) return;
  rollup_.Add(domain::LeadOutcomeDeltas(stored.day, stored.owner_rep, stored.outcome, to));
  stored.outcome = to;
  to_save_.insert(lead);
}

void CustomerBatch::Answered(const ev::SurveyAnswered& answer) {
  if (!surveys_.insert(answer.survey_response()).second) return;  // recorded before
  const domain::SurveyKind kind =
      answer.kind() == "SURVEY_KIND_NPS" ? domain::SurveyKind::kNps : domain::SurveyKind::kCsat;
  const absl::CivilDay day = absl::ToCivilDay(FromProtoTime(answer.answer_time()), ctx_.zone);
  rollup_.Add(domain::SurveyDeltas(day, kind, answer.score()));
  answers_.push_back({answer.survey_response(), answer.kind(), answer.score(), day});
}

void CustomerBatch::Flush() {
  std::vector<std::string> names(to_save_.begin(), to_save_.end());
  std::sort(names.begin(), names.end());
  std::vector<std::pair<std::string, store::StoredLead>> rows;
  rows.reserve(names.size());
  for (const std::string& name : names) rows.emplace_back(name, leads_.at(name));
  ctx_.facts->SaveLeads(tx_, rows);
  ctx_.facts->AddLeadStages(tx_, stages_);
  ctx_.facts->InsertSurveys(tx_, answers_);
  ctx_.rollup->Add(tx_, rollup_);
  if (ctx_.interactions != nullptr) {
    ctx_.interactions->InsertInteractions(tx_, interactions_);
    std::vector<std::pair<std::string, int64_t>> amounts;
    amounts.reserve(amount_order_.size());
    for (const std::string& lead : amount_order_) amounts.emplace_back(lead, amounts_.at(lead));
    ctx_.interactions->SaveLeadAmounts(tx_, amounts);
  }
  if (ctx_.feedback != nullptr) {
    // Resolutions after the feedback: a complaint logged and resolved in one run is inserted
    // first, then resolved.
    ctx_.feedback->InsertFeedback(tx_, feedback_);
    ctx_.feedback->ResolveComplaints(tx_, resolutions_);
  }
}

}  // namespace

absl::Status ApplyCustomerEvents(db::Transaction& tx, const IngestContext& ctx,
                                 const std::vector<const events::v1::Event*>& events) {
  return ApplyInRuns<CustomerBatch>(tx, ctx, events, Batched, ApplyCustomerEvent);
}

}  // namespace sales::analytics::ingest
