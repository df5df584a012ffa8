#include "services/customers/src/api/mapping.h"

#include "absl/strings/str_cat.h"
#include "common/time_util.h"
#include "services/customers/src/domain/feedback.h"
#include "services/customers/src/domain/names.h"

namespace sales::customers::api {

std::string Etag(int64_t version) { return absl::StrCat("v", version); }

domain::LeadStage ToDomainStage(int proto_stage) {
  switch (proto_stage) {
    case v1::LEAD_STAGE_QUALIFIED:
      return domain::LeadStage::kQualified;
    case v1::LEAD_STAGE_PROPOSAL:
      return domain::LeadStage::kProposal;
    case v1::LEAD_STAGE_NEGOTIATION:
      return domain::LeadStage::kNegotiation;
    case v1::LEAD_STAGE_WON:
      return domain::LeadStage::kWon;
    case v1::LEAD_STAGE_LOST:
      return domain::LeadStage::kLost;
    default:
      return domain::LeadStage::kLead;
  }
}

domain::PointEntryKind ToDomainPointKind(int kind) {
  switch (kind) {
    case v1::POINT_ENTRY_KIND_REDEEM:
      return domain::PointEntryKind::kRedeem;
    case v1::POINT_ENTRY_KIND_EXPIRE:
      return domain::PointEntryKind::kExpire;
    case v1::POINT_ENTRY_KIND_ADJUST:
      return domain::PointEntryKind::kAdjust;
    default:
      return domain::PointEntryKind::kEarn;
  }
}

int ToProtoStage(domain::LeadStage stage) {
  switch (stage) {
    case domain::LeadStage::kLead:
      return v1::LEAD_STAGE_LEAD;
    case domain::LeadStage::kQualified:
      return v1::LEAD_STAGE_QUALIFIED;
    case domain::LeadStage::kProposal:
      return v1::LEAD_STAGE_PROPOSAL;
    case domain::LeadStage::kNegotiation:
      return v1::LEAD_STAGE_NEGOTIATION;
    case domain::LeadStage::kWon:
      return v1::LEAD_STAGE_WON;
    case domain::LeadStage::kLost:
      return v1::LEAD_STAGE_LOST;
  }
  return v1::LEAD_STAGE_UNSPECIFIED;
}

v1::Customer ToProto(const store::CustomerRow& row) {
  v1::Customer c;
  c.set_name(domain::CustomerName(row.id));
  c.set_kind(static_cast<v1::CustomerKind>(row.kind));
  c.set_display_name(row.display_name);
  c.set_email(row.email);
  c.set_phone(row.phone);
  for (const std::string& tag : row.tags) c.add_tags(tag);
  c.set_owner_rep(row.owner_rep);
  c.set_acquisition_channel(static_cast<v1::AcquisitionChannel>(row.acquisition_channel));
  if (!row.ext_source.empty()) {
    c.mutable_external_ref()->set_source_system(row.ext_source);
    c.mutable_external_ref()->set_id(row.ext_id);
  }
  c.set_tier(row.tier);
  c.set_state(static_cast<v1::CustomerState>(row.state));
  SetProtoTime(row.created_at, c.mutable_create_time());
  SetProtoTime(row.updated_at, c.mutable_update_time());
  SetProtoTime(row.last_purchase_at, c.mutable_last_purchase_time());
  c.set_etag(Etag(row.version));
  if (row.converted_from_lead != 0) {
    c.set_converted_from_lead(domain::LeadName(row.converted_from_lead));
  }
  c.set_imported(row.imported);
  if (row.referred_by != 0) c.set_referred_by(domain::CustomerName(row.referred_by));
  return c;
}

v1::Contact ToProto(const store::ContactRow& row) {
  v1::Contact c;
  c.set_name(domain::ContactName(row.customer_id, row.id));
  c.set_display_name(row.display_name);
  c.set_title(row.title);
  c.set_email(row.email);
  c.set_phone(row.phone);
  SetProtoTime(row.created_at, c.mutable_create_time());
  return c;
}

v1::Lead ToProto(const store::LeadRow& row, const std::vector<store::StageChangeRow>& history) {
  v1::Lead l;
  l.set_name(domain::LeadName(row.id));
  l.set_display_name(row.display_name);
  l.set_company_name(row.company_name);
  l.set_contact_email(row.contact_email);
  l.set_contact_phone(row.contact_phone);
  l.set_stage(static_cast<v1::LeadStage>(row.stage));
  l.set_probability_percent(domain::StageProbabilityPercent(ToDomainStage(row.stage)));
  l.mutable_expected_amount()->set_currency_code(row.currency);
  l.mutable_expected_amount()->set_minor_units(row.expected_amount_minor);
  l.set_owner_rep(row.owner_rep);
  l.set_acquisition_channel(static_cast<v1::AcquisitionChannel>(row.acquisition_channel));
  l.set_lost_reason(row.lost_reason);
  if (row.customer_id != 0) l.set_customer(domain::CustomerName(row.customer_id));
  for (const store::StageChangeRow& change : history) {
    v1::StageChange* c = l.add_stage_history();
    c->set_from_stage(static_cast<v1::LeadStage>(change.from_stage));
    c->set_to_stage(static_cast<v1::LeadStage>(change.to_stage));
    c->set_lost_reason(change.lost_reason);
    SetProtoTime(change.changed_at, c->mutable_change_time());
  }
  SetProtoTime(row.created_at, l.mutable_create_time());
  SetProtoTime(row.updated_at, l.mutable_update_time());
  l.set_etag(Etag(row.version));
  l.set_expected_close_date(row.expected_close_date);
  l.set_imported(row.imported);
  if (!row.ext_source.empty()) {
    l.mutable_external_ref()->set_source_system(row.ext_source);
    l.mutable_external_ref()->set_id(row.ext_id);
  }
  return l;
}

v1::Interaction ToProto(const store::InteractionRow& row) {
  v1::Interaction i;
  i.set_name(domain::InteractionName(row.id));
  i.set_subject(row.subject_kind == store::kSubjectLead ? domain::LeadName(row.subject_id)
                                                        : domain::CustomerName(row.subject_id));
  i.set_kind(static_cast<v1::InteractionKind>(row.kind));
  i.set_rep(row.rep);
  SetProtoTime(row.occurred_at, i.mutable_occur_time());
  i.set_notes(row.notes);
  SetProtoTime(row.created_at, i.mutable_create_time());
  i.set_imported(row.imported);
  i.set_category(static_cast<v1::FeedbackCategory>(row.category));
  i.set_complaint(row.complaint_state != 0);
  i.set_complaint_state(static_cast<v1::ComplaintState>(row.complaint_state));
  if (row.resolved_at != absl::InfinitePast()) {
    SetProtoTime(row.resolved_at, i.mutable_resolve_time());
    i.set_resolved_by(row.resolved_by);
    i.set_resolution_note(row.resolution_note);
    const absl::Duration took = domain::TimeToResolve(row.occurred_at, row.resolved_at);
    i.mutable_time_to_resolve()->set_seconds(absl::ToInt64Seconds(took));
    i.mutable_time_to_resolve()->set_nanos(
        static_cast<int32_t>(absl::ToInt64Nanoseconds(took % absl::Seconds(1))));
  }
  return i;
}

v1::SurveyResponse ToProto(const store::SurveyRow& row) {
  v1::SurveyResponse s;
  s.set_name(domain::SurveyResponseName(row.id));
  s.set_customer(domain::CustomerName(row.customer_id));
  s.set_kind(static_cast<v1::SurveyKind>(row.kind));
  s.set_score(row.score);
  s.set_order(row.order_name);
  s.set_comment(row.comment);
  SetProtoTime(row.created_at, s.mutable_create_time());
  s.set_imported(row.imported);
  s.set_category(static_cast<v1::FeedbackCategory>(row.category));
  return s;
}

v1::LoyaltyAccount ToProto(const store::LoyaltyRow& row, const std::string& currency) {
  v1::LoyaltyAccount a;
  a.set_name(domain::LoyaltyAccountName(row.customer_id));
  a.set_points_balance(row.points_balance);
  a.set_lifetime_points_earned(row.lifetime_points_earned);
  a.mutable_lifetime_spend()->set_currency_code(currency);
  a.mutable_lifetime_spend()->set_minor_units(row.lifetime_spend_minor);
  a.set_tier(row.tier);
  SetProtoTime(row.updated_at, a.mutable_update_time());
  return a;
}

v1::PointEntry ToProto(const store::PointEntryRow& row) {
  v1::PointEntry e;
  e.set_name(domain::PointEntryName(row.customer_id, row.id));
  e.set_kind(static_cast<v1::PointEntryKind>(row.kind));
  e.set_points_delta(row.points_delta);
  e.set_balance_after(row.balance_after);
  e.set_reason(row.reason);
  e.set_order(row.order_name);
  SetProtoTime(row.created_at, e.mutable_create_time());
  if (row.referred_customer_id != 0) {
    e.set_referred_customer(domain::CustomerName(row.referred_customer_id));
  }
  return e;
}

events::v1::CustomerSnapshot ToSnapshot(const store::CustomerRow& row) {
  events::v1::CustomerSnapshot s;
  s.set_customer(domain::CustomerName(row.id));
  s.set_kind(v1::CustomerKind_Name(static_cast<v1::CustomerKind>(row.kind)));
  s.set_display_name(row.display_name);
  s.set_owner_rep(row.owner_rep);
  s.set_acquisition_channel(
      v1::AcquisitionChannel_Name(static_cast<v1::AcquisitionChannel>(row.acquisition_channel)));
  for (const std::string& tag : row.tags) s.add_tags(tag);
  SetProtoTime(row.created_at, s.mutable_create_time());
  if (row.referred_by != 0) s.set_referred_by(domain::CustomerName(row.referred_by));
  return s;
}

}  // namespace sales::customers::api
