#include "services/customers/src/api/import_handlers.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/outbox.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/customers/src/api/customer_handlers.h"
#include "services/customers/src/api/lead_handlers.h"
#include "services/customers/src/api/mapping.h"
#include "services/customers/src/domain/customer_lifecycle.h"
#include "services/customers/src/domain/funnel.h"
#include "services/customers/src/domain/imported_history.h"
#include "services/customers/src/domain/names.h"
#include "services/customers/src/domain/satisfaction.h"
#include "services/customers/src/domain/validation.h"
#include "services/customers/src/store/import_store.h"

namespace sales::customers::api {
namespace {

// Items per transaction: each batch costs a dozen or so statements in all.
constexpr size_t kBatchSize = 500;
constexpr size_t kMaxNotesLength = 4000;
constexpr size_t kMaxCommentLength = 2000;
constexpr size_t kMaxLostReasonLength = 500;

using Key = std::pair<std::string, std::string>;  // (source_system, id) as sent

// A reference to a customer or lead: by id (its resource name), or by legacy reference.
struct Reference {
  int64_t id = 0;  // 0: by `key`
  Key key;
  std::string field;  // the request field it came from, for errors
};

struct CustomerItem {
  store::CustomerRow row;
};

struct LeadItem {
  store::ImportedLeadRows rows;
  bool converts = false;
  Reference customer;  // when converts
};

struct InteractionItem {
  store::InteractionRow row;
  bool about_lead = false;
  Reference subject;
};

struct SurveyItem {
  store::SurveyRow row;
  Reference customer;
};

struct Item {
  int64_t index = 0;  // in the stream
  std::string ref;    // "source_system/id", for errors
  std::string key;    // store::ExternalKey of its own reference
  std::variant<CustomerItem, LeadItem, InteractionItem, SurveyItem> what;
};

struct Refusal {
  int64_t index = 0;
  std::string ref;
  std::string message;
};

std::string RefText(const v1::ExternalRef& ref) {
  if (ref.source_system().empty() && ref.id().empty()) return "";
  return absl::StrCat(ref.source_system(), "/", ref.id());
}

// A required legacy reference: both parts, with the rules of Customer.external_ref.
absl::Status RequireRef(std::string_view field, const v1::ExternalRef& ref) {
  if (ref.source_system().empty() && ref.id().empty()) {
    return InvalidField(field, "is required (source_system and id)");
  }
  return domain::ValidateExternalRef(field, ref.source_system(), ref.id());
}

// A time of the request, truncated to what the database keeps; InfinitePast when unset.
absl::Time TimeOf(bool has, const google::protobuf::Timestamp& ts) {
  return has ? TruncateToMicros(FromProtoTime(ts)) : absl::InfinitePast();
}

absl::StatusOr<CustomerItem> ParseCustomer(const v1::ImportedCustomer& in, absl::Time now,
                                           const HandlerContext& ctx) {
  RETURN_IF_ERROR(RequireRef("customer.external_ref", in.external_ref()));
  v1::Customer c;
  c.set_kind(in.kind());
  c.set_display_name(in.display_name());
  c.set_email(in.email());
  c.set_phone(in.phone());
  *c.mutable_tags() = in.tags();
  c.set_owner_rep(in.owner_rep());
  c.set_acquisition_channel(in.acquisition_channel());
  *c.mutable_external_ref() = in.external_ref();
  CustomerItem item;
  ASSIGN_OR_RETURN(item.row, CustomerRowForCreate(c, "customer", /*kind_optional=*/false));
  const absl::Time created = TimeOf(in.has_create_time(), in.create_time());
  RETURN_IF_ERROR(domain::CheckPastTime("customer.create_time", created, now));
  store::CustomerRow& row = item.row;
  row.created_at = created;
  row.updated_at = created;
  row.state = store::kStateActive;
  if (in.has_archive_time()) {
    const absl::Time archived = TimeOf(true, in.archive_time());
    RETURN_IF_ERROR(domain::CheckPastTime("customer.archive_time", archived, now));
    if (archived < created) {
      return InvalidField("customer.archive_time", "must not be before create_time");
    }
    row.state = store::kStateArchived;
    row.archived_at = archived;
    row.updated_at = archived;
  }
  row.tier = std::string(ctx.tiers->TierFor(0));
  row.version = 1;
  row.imported = true;
  return item;
}

absl::StatusOr<LeadItem> ParseLead(const v1::ImportedLead& in, absl::Time now,
                                   const HandlerContext& ctx) {
  RETURN_IF_ERROR(RequireRef("lead.external_ref", in.external_ref()));
  v1::Lead l;
  l.set_display_name(in.display_name());
  l.set_company_name(in.company_name());
  l.set_contact_email(in.contact_email());
  l.set_contact_phone(in.contact_phone());
  if (in.has_expected_amount()) *l.mutable_expected_amount() = in.expected_amount();
  l.set_owner_rep(in.owner_rep());
  l.set_acquisition_channel(in.acquisition_channel());
  l.set_expected_close_date(in.expected_close_date());
  LeadItem item;
  store::LeadRow& row = item.rows.lead;
  ASSIGN_OR_RETURN(row, LeadRowForCreate(l, ctx.currency));
  const absl::Time created = TimeOf(in.has_create_time(), in.create_time());
  RETURN_IF_ERROR(domain::CheckPastTime("lead.create_time", created, now));
  std::vector<domain::ImportedMove> moves;
  for (int i = 0; i < in.stage_history_size(); ++i) {
    const v1::ImportedStageChange& m = in.stage_history(i);
    const std::string field = absl::StrCat("lead.stage_history[", i, "]");
    if (m.stage() == v1::LEAD_STAGE_UNSPECIFIED || !v1::LeadStage_IsValid(m.stage())) {
      return InvalidField(absl::StrCat(field, ".stage"), "is required and must be a known stage");
    }
    RETURN_IF_ERROR(domain::ValidateOptionalText(absl::StrCat(field, ".lost_reason"),
                                                 m.lost_reason(), kMaxLostReasonLength));
    moves.push_back(
        {ToDomainStage(m.stage()), TimeOf(m.has_change_time(), m.change_time()), m.lost_reason()});
  }
  ASSIGN_OR_RETURN(const domain::LeadStage last,
                   domain::CheckImportedHistory("lead.stage_history", created, moves, now));
  row.stage = ToProtoStage(last);
  row.lost_reason = last == domain::LeadStage::kLost ? moves.back().lost_reason : "";
  row.created_at = created;
  row.updated_at = moves.empty() ? created : moves.back().at;
  row.imported = true;
  row.ext_source = in.external_ref().source_system();
  row.ext_id = in.external_ref().id();
  item.rows.history.push_back({v1::LEAD_STAGE_UNSPECIFIED, v1::LEAD_STAGE_LEAD, "", created});
  int from = v1::LEAD_STAGE_LEAD;
  for (const domain::ImportedMove& m : moves) {
    item.rows.history.push_back({from, ToProtoStage(m.to), m.lost_reason, m.at});
    from = ToProtoStage(m.to);
  }
  switch (in.converted_customer_case()) {
    case v1::ImportedLead::kCustomer: {
      item.customer.field = "lead.customer";
      ASSIGN_OR_RETURN(item.customer.id, domain::ParseCustomerName("lead.customer", in.customer()));
      item.converts = true;
      break;
    }
    case v1::ImportedLead::kCustomerExternalRef:
      item.customer.field = "lead.customer_external_ref";
      RETURN_IF_ERROR(RequireRef("lead.customer_external_ref", in.customer_external_ref()));
      item.customer.key = {in.customer_external_ref().source_system(),
                           in.customer_external_ref().id()};
      item.converts = true;
      break;
    case v1::ImportedLead::CONVERTED_CUSTOMER_NOT_SET:
      break;
  }
  if (item.converts && last != domain::LeadStage::kWon) {
    return InvalidField(item.customer.field,
                        absl::StrCat("only a lead whose last move is to LEAD_STAGE_WON was "
                                     "converted into a customer; this one ends in ",
                                     v1::LeadStage_Name(static_cast<v1::LeadStage>(row.stage))));
  }
  return item;
}

absl::StatusOr<InteractionItem> ParseInteraction(const v1::ImportedInteraction& in,
                                                 absl::Time now) {
  RETURN_IF_ERROR(RequireRef("interaction.external_ref", in.external_ref()));
  InteractionItem item;
  switch (in.subject_case()) {
    case v1::ImportedInteraction::kSubjectName: {
      item.subject.field = "interaction.subject_name";
      ASSIGN_OR_RETURN(const domain::Subject subject,
                       domain::ParseSubject("interaction.subject_name", in.subject_name()));
      item.about_lead = subject.kind == domain::Subject::kLead;
      item.subject.id = subject.id;
      break;
    }
    case v1::ImportedInteraction::kCustomerExternalRef:
      item.subject.field = "interaction.customer_external_ref";
      RETURN_IF_ERROR(RequireRef(item.subject.field, in.customer_external_ref()));
      item.subject.key = {in.customer_external_ref().source_system(),
                          in.customer_external_ref().id()};
      break;
    case v1::ImportedInteraction::kLeadExternalRef:
      item.subject.field = "interaction.lead_external_ref";
      RETURN_IF_ERROR(RequireRef(item.subject.field, in.lead_external_ref()));
      item.subject.key = {in.lead_external_ref().source_system(), in.lead_external_ref().id()};
      item.about_lead = true;
      break;
    case v1::ImportedInteraction::SUBJECT_NOT_SET:
      return InvalidField("interaction.subject_name",
                          "a subject is required: subject_name, customer_external_ref or "
                          "lead_external_ref");
  }
  if (in.kind() == v1::INTERACTION_KIND_UNSPECIFIED || !v1::InteractionKind_IsValid(in.kind())) {
    return InvalidField("interaction.kind", "is required (CALL, VISIT, EMAIL, MEETING, MESSAGE)");
  }
  RETURN_IF_ERROR(domain::ValidateOptionalRepName("interaction.rep", in.rep()));
  const absl::Time occurred = TimeOf(in.has_occur_time(), in.occur_time());
  RETURN_IF_ERROR(domain::CheckPastTime("interaction.occur_time", occurred, now));
  RETURN_IF_ERROR(domain::ValidateOptionalText("interaction.notes", in.notes(), kMaxNotesLength));
  store::InteractionRow& row = item.row;
  row.subject_kind = item.about_lead ? store::kSubjectLead : store::kSubjectCustomer;
  row.kind = in.kind();
  row.rep = in.rep();
  row.occurred_at = occurred;
  row.notes = in.notes();
  row.created_at = occurred;  // logged when it happened, as far as anyone knows
  row.imported = true;
  row.ext_source = in.external_ref().source_system();
  row.ext_id = in.external_ref().id();
  return item;
}

absl::StatusOr<SurveyItem> ParseSurvey(const v1::ImportedSurveyResponse& in, absl::Time now) {
  RETURN_IF_ERROR(RequireRef("survey_response.external_ref", in.external_ref()));
  SurveyItem item;
  switch (in.customer_ref_case()) {
    case v1::ImportedSurveyResponse::kCustomer: {
      item.customer.field = "survey_response.customer";
      ASSIGN_OR_RETURN(item.customer.id,
                       domain::ParseCustomerName("survey_response.customer", in.customer()));
      break;
    }
    case v1::ImportedSurveyResponse::kCustomerExternalRef:
      item.customer.field = "survey_response.customer_external_ref";
      RETURN_IF_ERROR(RequireRef(item.customer.field, in.customer_external_ref()));
      item.customer.key = {in.customer_external_ref().source_system(),
                           in.customer_external_ref().id()};
      break;
    case v1::ImportedSurveyResponse::CUSTOMER_REF_NOT_SET:
      return InvalidField("survey_response.customer", "is required (or customer_external_ref)");
  }
  if (in.kind() == v1::SURVEY_KIND_UNSPECIFIED || !v1::SurveyKind_IsValid(in.kind())) {
    return InvalidField("survey_response.kind", "is required (CSAT or NPS)");
  }
  RETURN_IF_ERROR(domain::ValidateSurveyScore(
      "survey_response.score",
      in.kind() == v1::SURVEY_KIND_NPS ? domain::SurveyKind::kNps : domain::SurveyKind::kCsat,
      in.score()));
  RETURN_IF_ERROR(domain::ValidateOrderName("survey_response.order", in.order()));
  RETURN_IF_ERROR(
      domain::ValidateOptionalText("survey_response.comment", in.comment(), kMaxCommentLength));
  const absl::Time answered = TimeOf(in.has_answer_time(), in.answer_time());
  RETURN_IF_ERROR(domain::CheckPastTime("survey_response.answer_time", answered, now));
  store::SurveyRow& row = item.row;
  row.kind = in.kind();
  row.score = in.score();
  row.order_name = in.order();
  row.comment = in.comment();
  row.created_at = answered;
  row.imported = true;
  row.ext_source = in.external_ref().source_system();
  row.ext_id = in.external_ref().id();
  return item;
}

// The item of a request, validated, or the reason it is refused.
absl::StatusOr<Item> Parse(const v1::ImportCustomerHistoryRequest& req, absl::Time now,
                           const HandlerContext& ctx) {
  Item item;
  const v1::ExternalRef* ref = nullptr;
  switch (req.item_case()) {
    case v1::ImportCustomerHistoryRequest::kCustomer: {
      ref = &req.customer().external_ref();
      ASSIGN_OR_RETURN(item.what, ParseCustomer(req.customer(), now, ctx));
      break;
    }
    case v1::ImportCustomerHistoryRequest::kLead: {
      ref = &req.lead().external_ref();
      ASSIGN_OR_RETURN(item.what, ParseLead(req.lead(), now, ctx));
      break;
    }
    case v1::ImportCustomerHistoryRequest::kInteraction: {
      ref = &req.interaction().external_ref();
      ASSIGN_OR_RETURN(item.what, ParseInteraction(req.interaction(), now));
      break;
    }
    case v1::ImportCustomerHistoryRequest::kSurveyResponse: {
      ref = &req.survey_response().external_ref();
      ASSIGN_OR_RETURN(item.what, ParseSurvey(req.survey_response(), now));
      break;
    }
    case v1::ImportCustomerHistoryRequest::ITEM_NOT_SET:
      return InvalidField("item", "is required: customer, lead, interaction or survey_response");
  }
  item.ref = RefText(*ref);
  item.key = store::ExternalKey(ref->source_system(), ref->id());
  return item;
}

// The legacy reference an item was sent with, for a refusal (also of an invalid item).
std::string RefOf(const v1::ImportCustomerHistoryRequest& req) {
  switch (req.item_case()) {
    case v1::ImportCustomerHistoryRequest::kCustomer:
      return RefText(req.customer().external_ref());
    case v1::ImportCustomerHistoryRequest::kLead:
      return RefText(req.lead().external_ref());
    case v1::ImportCustomerHistoryRequest::kInteraction:
      return RefText(req.interaction().external_ref());
    case v1::ImportCustomerHistoryRequest::kSurveyResponse:
      return RefText(req.survey_response().external_ref());
    case v1::ImportCustomerHistoryRequest::ITEM_NOT_SET:
      break;
  }
  return "";
}

std::string StageNameOf(int stage) { return v1::LeadStage_Name(static_cast<v1::LeadStage>(stage)); }

std::string ChannelNameOf(int channel) {
  return v1::AcquisitionChannel_Name(static_cast<v1::AcquisitionChannel>(channel));
}

void AppendCustomerEvents(const store::CustomerRow& row, std::vector<events::v1::Event>& out) {
  events::v1::Event created;
  created.set_aggregate(domain::CustomerName(row.id));
  *created.mutable_customer_created()->mutable_customer() = ToSnapshot(row);
  created.mutable_customer_created()->set_imported(true);
  out.push_back(std::move(created));
  if (row.state == store::kStateArchived) {
    events::v1::Event archived;
    archived.set_aggregate(domain::CustomerName(row.id));
    auto* e = archived.mutable_customer_archived();
    e->set_customer(domain::CustomerName(row.id));
    SetProtoTime(row.archived_at, e->mutable_archive_time());
    e->set_imported(true);
    out.push_back(std::move(archived));
  }
}

void AppendLeadEvents(const store::ImportedLeadRows& lead, std::vector<events::v1::Event>& out) {
  const store::LeadRow& row = lead.lead;
  const std::string name = domain::LeadName(row.id);
  events::v1::Event created;
  created.set_aggregate(name);
  auto* c = created.mutable_lead_created();
  c->set_lead(name);
  c->set_stage(StageNameOf(v1::LEAD_STAGE_LEAD));
  c->mutable_expected_amount()->set_currency_code(row.currency);
  c->mutable_expected_amount()->set_minor_units(row.expected_amount_minor);
  c->set_owner_rep(row.owner_rep);
  c->set_acquisition_channel(ChannelNameOf(row.acquisition_channel));
  SetProtoTime(row.created_at, c->mutable_create_time());
  c->set_imported(true);
  out.push_back(std::move(created));
  // The first history row is the creation; each later one a move.
  for (size_t i = 1; i < lead.history.size(); ++i) {
    const store::StageChangeRow& change = lead.history[i];
    events::v1::Event moved;
    moved.set_aggregate(name);
    auto* e = moved.mutable_lead_stage_changed();
    e->set_lead(name);
    e->set_from_stage(StageNameOf(change.from_stage));
    e->set_to_stage(StageNameOf(change.to_stage));
    e->set_probability_percent(domain::StageProbabilityPercent(ToDomainStage(change.to_stage)));
    e->mutable_expected_amount()->set_currency_code(row.currency);
    e->mutable_expected_amount()->set_minor_units(row.expected_amount_minor);
    e->set_owner_rep(row.owner_rep);
    e->set_lost_reason(change.lost_reason);
    e->set_acquisition_channel(ChannelNameOf(row.acquisition_channel));
    SetProtoTime(change.changed_at, e->mutable_change_time());
    e->set_imported(true);
    out.push_back(std::move(moved));
  }
  if (row.customer_id != 0) {
    events::v1::Event converted;
    converted.set_aggregate(name);
    auto* e = converted.mutable_lead_converted();
    e->set_lead(name);
    e->set_customer(domain::CustomerName(row.customer_id));
    SetProtoTime(lead.history.back().changed_at, e->mutable_convert_time());
    e->set_imported(true);
    out.push_back(std::move(converted));
  }
}

void AppendInteractionEvent(const store::InteractionRow& row, std::vector<events::v1::Event>& out) {
  const std::string subject = row.subject_kind == store::kSubjectLead
                                  ? domain::LeadName(row.subject_id)
                                  : domain::CustomerName(row.subject_id);
  events::v1::Event event;
  event.set_aggregate(subject);
  auto* e = event.mutable_interaction_logged();
  e->set_interaction(domain::InteractionName(row.id));
  e->set_subject(subject);
  e->set_kind(v1::InteractionKind_Name(static_cast<v1::InteractionKind>(row.kind)));
  e->set_rep(row.rep);
  SetProtoTime(row.occurred_at, e->mutable_occur_time());
  e->set_imported(true);
  out.push_back(std::move(event));
}

void AppendSurveyEvent(const store::SurveyRow& row, std::vector<events::v1::Event>& out) {
  events::v1::Event event;
  event.set_aggregate(domain::CustomerName(row.customer_id));
  auto* e = event.mutable_survey_answered();
  e->set_survey_response(domain::SurveyResponseName(row.id));
  e->set_customer(domain::CustomerName(row.customer_id));
  e->set_kind(v1::SurveyKind_Name(static_cast<v1::SurveyKind>(row.kind)));
  e->set_score(row.score);
  e->set_order(row.order_name);
  SetProtoTime(row.created_at, e->mutable_answer_time());
  e->set_imported(true);
  out.push_back(std::move(event));
}

// What one batch did; recomputed from scratch each time its transaction runs.
struct BatchResult {
  int64_t customers = 0;
  int64_t leads = 0;
  int64_t interactions = 0;
  int64_t surveys = 0;
  int64_t skipped = 0;
  std::vector<Refusal> refusals;
};

// A record a batch item points at: an existing one (id) or one this batch writes (`pos` in
// its insert list, id known after the insert).
struct Target {
  int64_t id = 0;
  int64_t pos = -1;
  int state = store::kStateActive;
  int64_t converted_from_lead = 0;
};

// Writes one batch in the caller's transaction: looks up every reference first (the state
// before the batch), decides each item in stream order (an item may refer to an earlier one
// of the same batch), inserts kind by kind, then writes the events in stream order.
absl::Status WriteBatch(db::Transaction& tx, std::vector<Item>& batch, BatchResult& result) {
  result = BatchResult{};
  std::vector<Key> customer_keys, lead_keys, interaction_keys, survey_keys;
  std::vector<int64_t> customer_ids, lead_ids;
  auto note_ref = [&](const Reference& r, bool lead) {
    if (r.id != 0) {
      (lead ? lead_ids : customer_ids).push_back(r.id);
    } else {
      (lead ? lead_keys : customer_keys).push_back(r.key);
    }
  };
  for (const Item& item : batch) {
    if (const auto* c = std::get_if<CustomerItem>(&item.what)) {
      customer_keys.emplace_back(c->row.ext_source, c->row.ext_id);
    } else if (const auto* l = std::get_if<LeadItem>(&item.what)) {
      lead_keys.emplace_back(l->rows.lead.ext_source, l->rows.lead.ext_id);
      if (l->converts) note_ref(l->customer, false);
    } else if (const auto* i = std::get_if<InteractionItem>(&item.what)) {
      interaction_keys.emplace_back(i->row.ext_source, i->row.ext_id);
      note_ref(i->subject, i->about_lead);
    } else if (const auto* s = std::get_if<SurveyItem>(&item.what)) {
      survey_keys.emplace_back(s->row.ext_source, s->row.ext_id);
      note_ref(s->customer, false);
    }
  }
  const std::map<std::string, store::CustomerRef> customers_by_key =
      store::FindCustomersByKeys(tx, customer_keys);
  const std::map<int64_t, store::CustomerRef> customers_by_id =
      store::FindCustomersByIds(tx, customer_ids);
  const std::map<std::string, int64_t> leads_by_key = store::FindLeadsByKeys(tx, lead_keys);
  const std::vector<int64_t> found_leads = store::FindLeadIds(tx, lead_ids);
  const std::set<int64_t> lead_exists(found_leads.begin(), found_leads.end());
  const std::map<std::string, int64_t> interactions_by_key =
      store::FindInteractionsByKeys(tx, interaction_keys);
  const std::map<std::string, int64_t> surveys_by_key = store::FindSurveysByKeys(tx, survey_keys);

  std::vector<store::CustomerRow> customers;
  std::vector<store::ImportedLeadRows> leads;
  std::vector<store::InteractionRow> interactions;
  std::vector<store::SurveyRow> surveys;
  std::map<std::string, int64_t> batch_customers, batch_leads;  // key -> pos
  std::set<std::string> batch_interactions, batch_surveys;
  std::vector<Target> lead_customer, interaction_subject, survey_customer;  // by pos
  std::set<int64_t> converted_ids, converted_pos;
  // Accepted items in stream order: (kind 0-3, pos).
  std::vector<std::pair<int, size_t>> order;

  auto refuse = [&](const Item& item, std::string message) {
    result.refusals.push_back({item.index, item.ref, std::move(message)});
  };
  auto find_customer = [&](const Reference& r) -> absl::StatusOr<Target> {
    if (r.id != 0) {
      auto it = customers_by_id.find(r.id);
      if (it == customers_by_id.end()) {
        return InvalidField(r.field, absl::StrCat(domain::CustomerName(r.id), " does not exist"));
      }
      return Target{it->second.id, -1, it->second.state, it->second.converted_from_lead};
    }
    const std::string key = store::ExternalKey(r.key.first, r.key.second);
    if (auto it = batch_customers.find(key); it != batch_customers.end()) {
      return Target{0, it->second, store::kStateActive};
    }
    if (auto it = customers_by_key.find(key); it != customers_by_key.end()) {
      return Target{it->second.id, -1, it->second.state, it->second.converted_from_lead};
    }
    return InvalidField(r.field,
                        absl::StrCat("no customer has the external reference ", r.key.first, "/",
                                     r.key.second, " (import the customer before it)"));
  };
  auto find_lead = [&](const Reference& r) -> absl::StatusOr<Target> {
    if (r.id != 0) {
      if (lead_exists.count(r.id) == 0) {
        return InvalidField(r.field, absl::StrCat(domain::LeadName(r.id), " does not exist"));
      }
      return Target{r.id, -1, 0};
    }
    const std::string key = store::ExternalKey(r.key.first, r.key.second);
    if (auto it = batch_leads.find(key); it != batch_leads.end()) return Target{0, it->second, 0};
    if (auto it = leads_by_key.find(key); it != leads_by_key.end()) {
      return Target{it->second, -1, 0};
    }
    return InvalidField(r.field, absl::StrCat("no lead has the external reference ", r.key.first,
                                              "/", r.key.second, " (import the lead before it)"));
  };
  // FAILED_PRECONDITION of the lifecycle as the refusal's text, naming the field.
  auto no_personal_text = [&](const Target& t, std::string_view field,
                              const std::string& text) -> absl::Status {
    if (t.pos >= 0) return absl::OkStatus();
    return domain::CheckNoPersonalTextForErased(
        domain::CustomerName(t.id), static_cast<domain::CustomerState>(t.state), field, text);
  };

  for (Item& item : batch) {
    if (auto* c = std::get_if<CustomerItem>(&item.what)) {
      if (customers_by_key.count(item.key) > 0 || batch_customers.count(item.key) > 0) {
        ++result.skipped;
        continue;
      }
      batch_customers[item.key] = static_cast<int64_t>(customers.size());
      order.emplace_back(0, customers.size());
      customers.push_back(c->row);
    } else if (auto* l = std::get_if<LeadItem>(&item.what)) {
      if (leads_by_key.count(item.key) > 0 || batch_leads.count(item.key) > 0) {
        ++result.skipped;
        continue;
      }
      Target target;
      if (l->converts) {
        absl::StatusOr<Target> t = find_customer(l->customer);
        if (!t.ok()) {
          refuse(item, std::string(ToStd(t.status().message())));
          continue;
        }
        if (t->pos < 0) {
          if (t->converted_from_lead != 0 || converted_ids.count(t->id) > 0) {
            refuse(item, absl::StrCat(l->customer.field, ": ", domain::CustomerName(t->id),
                                      " was already converted from another lead"));
            continue;
          }
          converted_ids.insert(t->id);
        } else if (!converted_pos.insert(static_cast<size_t>(t->pos)).second) {
          refuse(item, absl::StrCat(l->customer.field,
                                    ": that customer was already converted from another lead"));
          continue;
        }
        target = *t;
      }
      batch_leads[item.key] = static_cast<int64_t>(leads.size());
      order.emplace_back(1, leads.size());
      lead_customer.push_back(target);
      leads.push_back(l->rows);
    } else if (auto* i = std::get_if<InteractionItem>(&item.what)) {
      if (interactions_by_key.count(item.key) > 0 || !batch_interactions.insert(item.key).second) {
        ++result.skipped;
        continue;
      }
      absl::StatusOr<Target> t = i->about_lead ? find_lead(i->subject) : find_customer(i->subject);
      absl::Status ok = t.status();
      if (ok.ok() && !i->about_lead) ok = no_personal_text(*t, "interaction.notes", i->row.notes);
      if (!ok.ok()) {
        batch_interactions.erase(item.key);
        refuse(item, std::string(ToStd(ok.message())));
        continue;
      }
      order.emplace_back(2, interactions.size());
      interaction_subject.push_back(*t);
      interactions.push_back(i->row);
    } else if (auto* s = std::get_if<SurveyItem>(&item.what)) {
      if (surveys_by_key.count(item.key) > 0 || !batch_surveys.insert(item.key).second) {
        ++result.skipped;
        continue;
      }
      absl::StatusOr<Target> t = find_customer(s->customer);
      absl::Status ok = t.status();
      if (ok.ok()) ok = no_personal_text(*t, "survey_response.comment", s->row.comment);
      if (!ok.ok()) {
        batch_surveys.erase(item.key);
        refuse(item, std::string(ToStd(ok.message())));
        continue;
      }
      order.emplace_back(3, surveys.size());
      survey_customer.push_back(*t);
      surveys.push_back(s->row);
    }
  }

  RETURN_IF_ERROR(store::InsertImportedCustomers(tx, customers));
  auto id_of_customer = [&](const Target& t) {
    return t.pos >= 0 ? customers[static_cast<size_t>(t.pos)].id : t.id;
  };
  for (size_t k = 0; k < leads.size(); ++k) {
    if (leads[k].history.back().to_stage == v1::LEAD_STAGE_WON &&
        (lead_customer[k].id != 0 || lead_customer[k].pos >= 0)) {
      leads[k].lead.customer_id = id_of_customer(lead_customer[k]);
    }
  }
  RETURN_IF_ERROR(store::InsertImportedLeads(tx, leads));
  for (const store::ImportedLeadRows& l : leads) {
    if (l.lead.customer_id != 0) store::SetConvertedFromLead(tx, l.lead.customer_id, l.lead.id);
  }
  for (size_t k = 0; k < interactions.size(); ++k) {
    const Target& t = interaction_subject[k];
    interactions[k].subject_id =
        interactions[k].subject_kind == store::kSubjectLead
            ? (t.pos >= 0 ? leads[static_cast<size_t>(t.pos)].lead.id : t.id)
            : id_of_customer(t);
  }
  RETURN_IF_ERROR(store::InsertImportedInteractions(tx, interactions));
  for (size_t k = 0; k < surveys.size(); ++k) {
    surveys[k].customer_id = id_of_customer(survey_customer[k]);
  }
  RETURN_IF_ERROR(store::InsertImportedSurveys(tx, surveys));

  std::vector<events::v1::Event> events;
  events.reserve(order.size() * 2);
  for (const auto& [kind, pos] : order) {
    switch (kind) {
      case 0:
        AppendCustomerEvents(customers[pos], events);
        break;
      case 1:
        AppendLeadEvents(leads[pos], events);
        break;
      case 2:
        AppendInteractionEvent(interactions[pos], events);
        break;
      default:
        AppendSurveyEvent(surveys[pos], events);
        break;
    }
  }
  WriteEvents(tx, std::move(events));
  result.customers = static_cast<int64_t>(customers.size());
  result.leads = static_cast<int64_t>(leads.size());
  result.interactions = static_cast<int64_t>(interactions.size());
  result.surveys = static_cast<int64_t>(surveys.size());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::ImportCustomerHistoryResponse> ImportHandlers::ImportCustomerHistory(
    const std::function<bool(v1::ImportCustomerHistoryRequest*)>& next, absl::Time deadline) {
  v1::ImportCustomerHistoryResponse resp;
  std::vector<Refusal> refusals;
  std::vector<Item> batch;

  auto flush = [&]() -> absl::Status {
    if (batch.empty()) return absl::OkStatus();
    BatchResult result;
    RETURN_IF_ERROR(db::RunInTransaction(
        *ctx_.pool, deadline, [&](db::Transaction& tx) { return WriteBatch(tx, batch, result); }));
    resp.set_imported_customers(resp.imported_customers() + result.customers);
    resp.set_imported_leads(resp.imported_leads() + result.leads);
    resp.set_imported_interactions(resp.imported_interactions() + result.interactions);
    resp.set_imported_survey_responses(resp.imported_survey_responses() + result.surveys);
    resp.set_imported(resp.imported() + result.customers + result.leads + result.interactions +
                      result.surveys);
    resp.set_skipped(resp.skipped() + result.skipped);
    for (Refusal& r : result.refusals) refusals.push_back(std::move(r));
    batch.clear();
    return absl::OkStatus();
  };

  v1::ImportCustomerHistoryRequest req;
  int64_t index = 0;
  while (next(&req)) {
    absl::StatusOr<Item> parsed = Parse(req, NowMicros(), ctx_);
    if (!parsed.ok()) {
      refusals.push_back({index, RefOf(req), std::string(ToStd(parsed.status().message()))});
    } else {
      parsed->index = index;
      batch.push_back(*std::move(parsed));
      if (batch.size() >= kBatchSize) RETURN_IF_ERROR(flush());
    }
    ++index;
    req.Clear();
  }
  RETURN_IF_ERROR(flush());
  std::stable_sort(refusals.begin(), refusals.end(),
                   [](const Refusal& a, const Refusal& b) { return a.index < b.index; });
  for (const Refusal& r : refusals) {
    v1::ImportCustomerHistoryError* e = resp.add_errors();
    e->set_external_ref(r.ref);
    e->set_index(r.index);
    e->set_message(r.message);
  }
  return resp;
}

}  // namespace sales::customers::api
