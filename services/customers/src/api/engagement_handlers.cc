#include "services/customers/src/api/engagement_handlers.h"

#include "absl/strings/str_cat.h"
#include "common/idempotency.h"
#include "common/outbox.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/customers/src/api/mapping.h"
#include "services/customers/src/domain/customer_lifecycle.h"
#include "services/customers/src/domain/feedback.h"
#include "services/customers/src/domain/names.h"
#include "services/customers/src/domain/satisfaction.h"
#include "services/customers/src/domain/validation.h"
#include "services/customers/src/store/customer_store.h"
#include "services/customers/src/store/engagement_store.h"
#include "services/customers/src/store/lead_store.h"

namespace sales::customers::api {
namespace {

constexpr size_t kMaxNotesLength = 4000;
constexpr size_t kMaxCommentLength = 2000;
constexpr size_t kMaxResolvedByLength = 200;
constexpr size_t kMaxResolutionNoteLength = 2000;

// The category's enum name for events; empty when not given.
std::string CategoryName(int category) {
  if (category == 0) return std::string();
  return v1::FeedbackCategory_Name(static_cast<v1::FeedbackCategory>(category));
}
// Interactions may be logged ahead of time by at most this much (clock skew, time zones).
constexpr absl::Duration kMaxFutureOccurTime = absl::Hours(24);

bool SubjectExists(db::Transaction& tx, const domain::Subject& subject) {
  if (subject.kind == domain::Subject::kLead) {
    return store::FindLead(tx, subject.id, /*for_update=*/false).has_value();
  }
  return store::FindCustomer(tx, subject.id, /*for_update=*/false).has_value();
}

// NOT_FOUND if the subject does not exist; FAILED_PRECONDITION if `notes` would store free
// text about an erased customer. The customer is read with a lock, so that an erasure
// running at the same time either sees these notes (and clears them) or comes first.
absl::Status CheckSubject(db::Transaction& tx, const domain::Subject& subject,
                          const std::string& subject_name, const std::string& notes) {
  if (subject.kind == domain::Subject::kLead) {
    if (!store::FindLead(tx, subject.id, /*for_update=*/false).has_value()) {
      return absl::NotFoundError(absl::StrCat(subject_name, " not found"));
    }
    return absl::OkStatus();
  }
  std::optional<store::CustomerRow> customer =
      store::FindCustomer(tx, subject.id, /*for_update=*/true);
  if (!customer.has_value()) return absl::NotFoundError(absl::StrCat(subject_name, " not found"));
  return domain::CheckNoPersonalTextForErased(domain::CustomerName(subject.id),
                                              static_cast<domain::CustomerState>(customer->state),
                                              "interaction.notes", notes);
}

int StoreSubjectKind(const domain::Subject& subject) {
  return subject.kind == domain::Subject::kLead ? store::kSubjectLead : store::kSubjectCustomer;
}

domain::SurveyKind ToDomainSurveyKind(int kind) {
  return kind == v1::SURVEY_KIND_NPS ? domain::SurveyKind::kNps : domain::SurveyKind::kCsat;
}

}  // namespace

absl::StatusOr<v1::Interaction> EngagementHandlers::CreateInteraction(
    const v1::CreateInteractionRequest& req, absl::Time deadline) {
  if (!req.has_interaction()) return InvalidField("interaction", "is required");
  const v1::Interaction& in = req.interaction();
  ASSIGN_OR_RETURN(domain::Subject subject,
                   domain::ParseSubject("interaction.subject", in.subject()));
  if (in.kind() == v1::INTERACTION_KIND_UNSPECIFIED || !v1::InteractionKind_IsValid(in.kind())) {
    return InvalidField("interaction.kind", "is required (CALL, VISIT, EMAIL, MEETING, MESSAGE)");
  }
  RETURN_IF_ERROR(domain::ValidateOptionalRepName("interaction.rep", in.rep()));
  if (!in.has_occur_time()) return InvalidField("interaction.occur_time", "is required");
  const absl::Time occurred = FromProtoTime(in.occur_time());
  if (occurred > absl::Now() + kMaxFutureOccurTime) {
    return InvalidField("interaction.occur_time", "is more than a day in the future");
  }
  if (occurred < absl::FromCivil(absl::CivilSecond(1970, 1, 2), absl::UTCTimeZone())) {
    return InvalidField("interaction.occur_time", "is before 1970");
  }
  RETURN_IF_ERROR(domain::ValidateOptionalText("interaction.notes", in.notes(), kMaxNotesLength));
  ASSIGN_OR_RETURN(const domain::FeedbackCategory category,
                   domain::ParseCategory("interaction.category", in.category(), in.complaint()));
  return RunIdempotent<v1::Interaction>(
      *ctx_.pool, deadline, "CreateInteraction", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Interaction> {
        RETURN_IF_ERROR(CheckSubject(tx, subject, in.subject(), in.notes()));
        store::InteractionRow row;
        row.subject_kind = StoreSubjectKind(subject);
        row.subject_id = subject.id;
        row.kind = in.kind();
        row.rep = in.rep();
        row.occurred_at = TruncateToMicros(occurred);
        row.notes = in.notes();
        row.created_at = NowMicros();
        row.category = static_cast<int>(category);
        row.complaint_state = static_cast<int>(in.complaint() ? domain::ComplaintState::kOpen
                                                              : domain::ComplaintState::kNone);
        row.id = store::InsertInteraction(tx, row);
        events::v1::Event event;
        event.set_aggregate(in.subject());
        auto* e = event.mutable_interaction_logged();
        e->set_interaction(domain::InteractionName(row.id));
        e->set_subject(in.subject());
        e->set_kind(v1::InteractionKind_Name(in.kind()));
        e->set_rep(row.rep);
        *e->mutable_occur_time() = ToProtoTime(row.occurred_at);
        e->set_category(CategoryName(row.category));
        e->set_complaint(in.complaint());
        WriteEvent(tx, std::move(event));
        return ToProto(row);
      });
}

absl::StatusOr<v1::Interaction> EngagementHandlers::ResolveComplaint(
    const v1::ResolveComplaintRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, domain::ParseInteractionName("name", req.name()));
  RETURN_IF_ERROR(
      domain::ValidateRequiredText("resolved_by", req.resolved_by(), kMaxResolvedByLength));
  RETURN_IF_ERROR(domain::ValidateOptionalText("note", req.note(), kMaxResolutionNoteLength));
  return RunIdempotent<v1::Interaction>(
      *ctx_.pool, deadline, "ResolveComplaint", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Interaction> {
        std::optional<store::InteractionRow> row = store::LockInteraction(tx, id);
        if (!row.has_value()) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
        ASSIGN_OR_RETURN(const bool open,
                         domain::CanResolve(req.name(), static_cast<domain::ComplaintState>(
                                                            row->complaint_state)));
        if (!open) return ToProto(*row);  // resolved before: the first resolution stands
        if (row->subject_kind == store::kSubjectCustomer && !req.note().empty()) {
          std::optional<store::CustomerRow> customer =
              store::FindCustomer(tx, row->subject_id, /*for_update=*/true);
          if (customer.has_value()) {
            RETURN_IF_ERROR(domain::CheckNoPersonalTextForErased(
                domain::CustomerName(row->subject_id),
                static_cast<domain::CustomerState>(customer->state), "note", req.note()));
          }
        }
        row->complaint_state = static_cast<int>(domain::ComplaintState::kResolved);
        row->resolved_at = NowMicros();
        row->resolved_by = req.resolved_by();
        row->resolution_note = req.note();
        store::ResolveInteraction(tx, *row);
        const std::string subject = row->subject_kind == store::kSubjectLead
                                        ? domain::LeadName(row->subject_id)
                                        : domain::CustomerName(row->subject_id);
        events::v1::Event event;
        event.set_aggregate(subject);
        auto* e = event.mutable_complaint_resolved();
        e->set_interaction(req.name());
        e->set_subject(subject);
        e->set_category(CategoryName(row->category));
        e->set_rep(row->rep);
        *e->mutable_complaint_time() = ToProtoTime(row->occurred_at);
        *e->mutable_resolve_time() = ToProtoTime(row->resolved_at);
        e->set_resolved_by(row->resolved_by);
        e->set_time_to_resolve_seconds(
            absl::ToInt64Seconds(domain::TimeToResolve(row->occurred_at, row->resolved_at)));
        WriteEvent(tx, std::move(event));
        return ToProto(*row);
      });
}

absl::StatusOr<v1::ListInteractionsResponse> EngagementHandlers::ListInteractions(
    const v1::ListInteractionsRequest& req, absl::Time deadline) {
  store::InteractionFilter filter;
  std::optional<domain::Subject> subject;
  if (!req.subject().empty()) {
    ASSIGN_OR_RETURN(subject, domain::ParseSubject("subject", req.subject()));
    filter.subject_kind = StoreSubjectKind(*subject);
    filter.subject_id = subject->id;
  }
  ASSIGN_OR_RETURN(const domain::FeedbackCategory category,
                   domain::ParseCategory("category", req.category(), /*required=*/false));
  filter.category = static_cast<int>(category);
  if (!v1::ComplaintState_IsValid(req.complaint_state())) {
    return InvalidField("complaint_state", "is not a known complaint state");
  }
  filter.complaint_state = req.complaint_state();
  ASSIGN_OR_RETURN(ListPage page, ListPage::Start(*ctx_.page_tokens, "ListInteractions", req,
                                                  KeysetShape::kTimeId));
  std::vector<store::InteractionRow> rows;
  bool found = false;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    found = !subject.has_value() || SubjectExists(tx, *subject);
    if (found) rows = store::ListInteractions(tx, filter, page.after(), page.fetch_limit());
    return absl::OkStatus();
  }));
  if (!found) return absl::NotFoundError(absl::StrCat(req.subject(), " not found"));
  v1::ListInteractionsResponse resp;
  resp.set_next_page_token(page.TakePage(rows, [](const store::InteractionRow& row) {
    return KeysetCursor::TimeId(row.occurred_at, row.id);
  }));
  for (const store::InteractionRow& row : rows) *resp.add_interactions() = ToProto(row);
  return resp;
}

absl::StatusOr<v1::SurveyResponse> EngagementHandlers::CreateSurveyResponse(
    const v1::CreateSurveyResponseRequest& req, absl::Time deadline) {
  if (!req.has_survey_response()) return InvalidField("survey_response", "is required");
  const v1::SurveyResponse& in = req.survey_response();
  ASSIGN_OR_RETURN(int64_t customer_id,
                   domain::ParseCustomerName("survey_response.customer", in.customer()));
  if (in.kind() == v1::SURVEY_KIND_UNSPECIFIED || !v1::SurveyKind_IsValid(in.kind())) {
    return InvalidField("survey_response.kind", "is required (CSAT or NPS)");
  }
  RETURN_IF_ERROR(domain::ValidateSurveyScore("survey_response.score",
                                              ToDomainSurveyKind(in.kind()), in.score()));
  RETURN_IF_ERROR(domain::ValidateOrderName("survey_response.order", in.order()));
  RETURN_IF_ERROR(
      domain::ValidateOptionalText("survey_response.comment", in.comment(), kMaxCommentLength));
  ASSIGN_OR_RETURN(const domain::FeedbackCategory category,
                   domain::ParseCategory("survey_response.category", in.category(), false));
  return RunIdempotent<v1::SurveyResponse>(
      *ctx_.pool, deadline, "CreateSurveyResponse", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::SurveyResponse> {
        std::optional<store::CustomerRow> customer =
            store::FindCustomer(tx, customer_id, /*for_update=*/true);
        if (!customer.has_value()) {
          return absl::NotFoundError(absl::StrCat(in.customer(), " not found"));
        }
        RETURN_IF_ERROR(domain::CheckNoPersonalTextForErased(
            domain::CustomerName(customer_id), static_cast<domain::CustomerState>(customer->state),
            "survey_response.comment", in.comment()));
        store::SurveyRow row;
        row.customer_id = customer_id;
        row.kind = in.kind();
        row.score = in.score();
        row.order_name = in.order();
        row.comment = in.comment();
        row.created_at = NowMicros();
        row.category = static_cast<int>(category);
        row.id = store::InsertSurvey(tx, row);
        events::v1::Event event;
        event.set_aggregate(in.customer());
        auto* e = event.mutable_survey_answered();
        e->set_survey_response(domain::SurveyResponseName(row.id));
        e->set_customer(in.customer());
        e->set_kind(v1::SurveyKind_Name(in.kind()));
        e->set_score(in.score());
        e->set_order(in.order());
        SetProtoTime(row.created_at, e->mutable_answer_time());
        e->set_category(CategoryName(row.category));
        WriteEvent(tx, std::move(event));
        return ToProto(row);
      });
}

absl::StatusOr<v1::ListSurveyResponsesResponse> EngagementHandlers::ListSurveyResponses(
    const v1::ListSurveyResponsesRequest& req, absl::Time deadline) {
  int64_t customer_id = 0;
  if (!req.customer().empty()) {
    ASSIGN_OR_RETURN(customer_id, domain::ParseCustomerName("customer", req.customer()));
  }
  if (!v1::SurveyKind_IsValid(req.kind())) return InvalidField("kind", "is not a known kind");
  // Newest first by (create_time, id): the order agrees with the times shown.
  ASSIGN_OR_RETURN(ListPage page, ListPage::Start(*ctx_.page_tokens, "ListSurveyResponses", req,
                                                  KeysetShape::kTimeId));
  std::vector<store::SurveyRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListSurveys(tx, customer_id, req.kind(), page.after(), page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListSurveyResponsesResponse resp;
  resp.set_next_page_token(page.TakePage(
      rows, [](const auto& row) { return KeysetCursor::TimeId(row.created_at, row.id); }));
  for (const store::SurveyRow& row : rows) *resp.add_survey_responses() = ToProto(row);
  return resp;
}

absl::StatusOr<v1::SatisfactionSummary> EngagementHandlers::GetSatisfactionSummary(
    const v1::GetSatisfactionSummaryRequest& req, absl::Time deadline) {
  int64_t customer_id = 0;
  if (!req.customer().empty()) {
    ASSIGN_OR_RETURN(customer_id, domain::ParseCustomerName("customer", req.customer()));
  }
  const absl::Time start =
      req.has_start_time() ? FromProtoTime(req.start_time()) : absl::InfinitePast();
  const absl::Time end = req.has_end_time() ? FromProtoTime(req.end_time()) : absl::InfinitePast();
  if (req.has_start_time() && req.has_end_time() && end <= start) {
    return InvalidField("end_time", "must be later than start_time");
  }
  std::vector<store::ScoreCount> counts;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    counts = store::CountSurveyScores(tx, customer_id, start, end);
    return absl::OkStatus();
  }));
  domain::SatisfactionCounts totals;
  for (const store::ScoreCount& c : counts) {
    totals.Add(ToDomainSurveyKind(c.kind), c.score, c.count);
  }
  v1::SatisfactionSummary summary;
  summary.set_csat_responses(totals.csat_responses);
  summary.set_csat_satisfied(totals.csat_satisfied);
  summary.set_csat_satisfied_bp(totals.CsatSatisfiedBasisPoints());
  summary.set_csat_score_sum(totals.csat_score_sum);
  summary.set_nps_responses(totals.nps_responses);
  summary.set_nps_promoters(totals.nps_promoters);
  summary.set_nps_passives(totals.nps_passives);
  summary.set_nps_detractors(totals.nps_detractors);
  summary.set_nps_bp(totals.NpsBasisPoints());
  return summary;
}

}  // namespace sales::customers::api
