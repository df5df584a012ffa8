#include "services/customers/src/store/rows.h"

#include "absl/strings/str_split.h"

namespace sales::customers::store {

namespace {

// One mapping for both readers: db::RowReader (Connector/C++) and db::FetchedRow
// (db::AsyncPointReader), which share their vocabulary.
template <typename Reader>
CustomerRow ReadCustomer(const Reader& r) {
  CustomerRow row;
  row.id = r.Int64("id");
  row.kind = r.Int32("kind");
  row.display_name = r.String("display_name");
  row.email = r.StringOrEmpty("email");
  row.phone = r.StringOrEmpty("phone");
  row.owner_rep = r.StringOrEmpty("owner_rep");
  row.acquisition_channel = r.Int32("acquisition_channel");
  row.ext_source = r.StringOrEmpty("ext_source");
  row.ext_id = r.StringOrEmpty("ext_id");
  row.state = r.Int32("state");
  row.tier = r.String("tier");
  row.converted_from_lead = r.Int64OrZero("converted_from_lead");
  row.created_at = r.Time("created_at");
  row.updated_at = r.Time("updated_at");
  row.archived_at = r.TimeOrUnset("archived_at");
  row.last_purchase_at = r.TimeOrUnset("last_purchase_at");
  row.version = r.Int64("version");
  row.imported = r.Bool("imported");
  row.referred_by = r.Int64OrZero("referred_by");
  const std::string tags = r.StringOrEmpty("tags");
  if (!tags.empty()) row.tags = absl::StrSplit(tags, ',');
  return row;
}

}  // namespace

CustomerRow CustomerRow::Read(const db::RowReader& r) { return ReadCustomer(r); }

CustomerRow CustomerRow::FromFetched(const db::FetchedRow& r) { return ReadCustomer(r); }

void CustomerRow::Bind(db::ParamWriter& p) const {
  p.Add(kind)
      .Add(display_name)
      .Add(db::NullIfEmpty(email))
      .Add(db::NullIfEmpty(phone))
      .Add(db::NullIfEmpty(owner_rep))
      .Add(acquisition_channel)
      .Add(db::NullIfEmpty(ext_source))
      .Add(db::NullIfEmpty(ext_id))
      .Add(state)
      .Add(tier)
      .Add(db::NullIfZero(converted_from_lead))
      .Add(created_at)
      .Add(updated_at);
}

ErasureRow ErasureRow::Read(const db::RowReader& r) {
  ErasureRow row;
  row.customer_id = r.Int64("customer_id");
  row.requested_by = r.String("requested_by");
  row.legal_basis = r.String("legal_basis");
  row.reason = r.StringOrEmpty("reason");
  row.erased_at = r.Time("erased_at");
  return row;
}

void ErasureRow::Bind(db::ParamWriter& p) const {
  p.Add(customer_id).Add(requested_by).Add(legal_basis).Add(db::NullIfEmpty(reason)).Add(erased_at);
}

ContactRow ContactRow::Read(const db::RowReader& r) {
  ContactRow row;
  row.id = r.Int64("id");
  row.customer_id = r.Int64("customer_id");
  row.display_name = r.String("display_name");
  row.title = r.StringOrEmpty("title");
  row.email = r.StringOrEmpty("email");
  row.phone = r.StringOrEmpty("phone");
  row.created_at = r.Time("created_at");
  return row;
}

void ContactRow::Bind(db::ParamWriter& p) const {
  p.Add(customer_id)
      .Add(display_name)
      .Add(db::NullIfEmpty(title))
      .Add(db::NullIfEmpty(email))
      .Add(db::NullIfEmpty(phone))
      .Add(created_at);
}

LeadRow LeadRow::Read(const db::RowReader& r) {
  LeadRow row;
  row.id = r.Int64("id");
  row.display_name = r.String("display_name");
  row.company_name = r.StringOrEmpty("company_name");
  row.contact_email = r.StringOrEmpty("contact_email");
  row.contact_phone = r.StringOrEmpty("contact_phone");
  row.stage = r.Int32("stage");
  row.expected_amount_minor = r.Int64("expected_amount_minor");
  row.currency = r.String("currency");
  row.owner_rep = r.StringOrEmpty("owner_rep");
  row.acquisition_channel = r.Int32("acquisition_channel");
  row.lost_reason = r.StringOrEmpty("lost_reason");
  row.customer_id = r.Int64OrZero("customer_id");
  row.created_at = r.Time("created_at");
  row.updated_at = r.Time("updated_at");
  row.version = r.Int64("version");
  row.expected_close_date = r.StringOrEmpty("expected_close_date");
  row.imported = r.Bool("imported");
  row.ext_source = r.StringOrEmpty("ext_source");
  row.ext_id = r.StringOrEmpty("ext_id");
  return row;
}

void LeadRow::Bind(db::ParamWriter& p) const {
  p.Add(display_name)
      .Add(db::NullIfEmpty(company_name))
      .Add(db::NullIfEmpty(contact_email))
      .Add(db::NullIfEmpty(contact_phone))
      .Add(stage)
      .Add(expected_amount_minor)
      .Add(currency)
      .Add(db::NullIfEmpty(owner_rep))
      .Add(acquisition_channel)
      .Add(created_at)
      .Add(updated_at)
      .Add(db::NullIfEmpty(expected_close_date));
}

StageChangeRow StageChangeRow::Read(const db::RowReader& r) {
  StageChangeRow row;
  row.from_stage = r.Int32("from_stage");
  row.to_stage = r.Int32("to_stage");
  row.lost_reason = r.StringOrEmpty("lost_reason");
  row.changed_at = r.Time("changed_at");
  return row;
}

void StageChangeRow::Bind(db::ParamWriter& p) const {
  p.Add(from_stage).Add(to_stage).Add(db::NullIfEmpty(lost_reason)).Add(changed_at);
}

InteractionRow InteractionRow::Read(const db::RowReader& r) {
  InteractionRow row;
  row.id = r.Int64("id");
  row.subject_kind = r.Int32("subject_kind");
  row.subject_id = r.Int64("subject_id");
  row.kind = r.Int32("kind");
  row.rep = r.StringOrEmpty("rep");
  row.occurred_at = r.Time("occurred_at");
  row.notes = r.StringOrEmpty("notes");
  row.created_at = r.Time("created_at");
  row.imported = r.Bool("imported");
  row.category = r.Int32("category");
  row.complaint_state = r.Int32("complaint_state");
  row.resolved_at = r.TimeOrUnset("resolved_at");
  row.resolved_by = r.StringOrEmpty("resolved_by");
  row.resolution_note = r.StringOrEmpty("resolution_note");
  return row;
}

void InteractionRow::Bind(db::ParamWriter& p) const {
  p.Add(subject_kind)
      .Add(subject_id)
      .Add(kind)
      .Add(db::NullIfEmpty(rep))
      .Add(occurred_at)
      .Add(db::NullIfEmpty(notes))
      .Add(created_at);
}

SurveyRow SurveyRow::Read(const db::RowReader& r) {
  SurveyRow row;
  row.id = r.Int64("id");
  row.customer_id = r.Int64("customer_id");
  row.kind = r.Int32("kind");
  row.score = r.Int32("score");
  row.order_name = r.StringOrEmpty("order_name");
  row.comment = r.StringOrEmpty("comment_text");
  row.created_at = r.Time("created_at");
  row.imported = r.Bool("imported");
  row.category = r.Int32("category");
  return row;
}

void SurveyRow::Bind(db::ParamWriter& p) const {
  p.Add(customer_id)
      .Add(kind)
      .Add(score)
      .Add(db::NullIfEmpty(order_name))
      .Add(db::NullIfEmpty(comment))
      .Add(created_at);
}

LoyaltyRow LoyaltyRow::Read(const db::RowReader& r) {
  LoyaltyRow row;
  row.customer_id = r.Int64("customer_id");
  row.points_balance = r.Int64("points_balance");
  row.lifetime_points_earned = r.Int64("lifetime_points_earned");
  row.lifetime_spend_minor = r.Int64("lifetime_spend_minor");
  row.updated_at = r.Time("updated_at");
  row.tier = r.String("tier");
  return row;
}

PointEntryRow PointEntryRow::Read(const db::RowReader& r) {
  PointEntryRow row;
  row.id = r.Int64("id");
  row.customer_id = r.Int64("customer_id");
  row.kind = r.Int32("kind");
  row.points_delta = r.Int64("points_delta");
  row.balance_after = r.Int64("balance_after");
  row.reason = r.StringOrEmpty("reason");
  row.order_name = r.StringOrEmpty("order_name");
  row.created_at = r.Time("created_at");
  row.referred_customer_id = r.Int64OrZero("referred_customer_id");
  return row;
}

void PointEntryRow::Bind(db::ParamWriter& p) const {
  p.Add(customer_id)
      .Add(kind)
      .Add(points_delta)
      .Add(balance_after)
      .Add(db::NullIfEmpty(reason))
      .Add(db::NullIfEmpty(order_name))
      .Add(created_at)
      .Add(db::NullIfZero(referred_customer_id));
}

}  // namespace sales::customers::store
