// Row structs of the customers schema: plain values as stored, enums as their proto
// numbers. The api layer maps them to and from protos. Each row maps itself once
// (common/db/row_mapping.h): `Read` from a SELECT of its table's columns (by name), `Bind`
// to the placeholders of its INSERT, in that statement's column order; both in rows.cc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/db/async_point_reader.h"
#include "common/db/row_mapping.h"

namespace sales::customers::store {

inline constexpr int kStateActive = 1;    // CustomerState.CUSTOMER_STATE_ACTIVE
inline constexpr int kStateArchived = 2;  // CustomerState.CUSTOMER_STATE_ARCHIVED
inline constexpr int kStateErased = 3;    // CustomerState.CUSTOMER_STATE_ERASED

struct CustomerRow {
  int64_t id = 0;
  int kind = 0;
  std::string display_name;
  std::string email;
  std::string phone;
  std::string owner_rep;
  int acquisition_channel = 0;
  std::string ext_source;
  std::string ext_id;
  int state = kStateActive;
  std::string tier;
  int64_t converted_from_lead = 0;
  absl::Time created_at = absl::InfinitePast();
  absl::Time updated_at = absl::InfinitePast();
  absl::Time archived_at = absl::InfinitePast();
  absl::Time last_purchase_at = absl::InfinitePast();
  int64_t version = 1;
  std::vector<std::string> tags;  // sorted
  bool imported = false;          // brought in by ImportCustomerHistory
  int64_t referred_by = 0;        // the referring customer's id, 0 if none

  // Reads the columns of customers, plus `tags` (GROUP_CONCAT of the sorted tags, or NULL).
  static CustomerRow Read(const db::RowReader& r);
  // The same from a row db::AsyncPointReader fetched.
  static CustomerRow FromFetched(const db::FetchedRow& r);
  // kind, display_name, email, phone, owner_rep, acquisition_channel, ext_source, ext_id,
  // state, tier, converted_from_lead, created_at, updated_at (empty text and 0 as NULL).
  void Bind(db::ParamWriter& p) const;
};

// Filters of ListCustomers; empty / zero / InfinitePast means "any".
struct CustomerFilter {
  std::string tier;
  std::string tag;
  std::string owner_rep;
  int acquisition_channel = 0;
  absl::Time created_after = absl::InfinitePast();
  absl::Time created_before = absl::InfinitePast();
  std::string name_query;
  bool show_archived = false;
  std::string ext_source;  // with ext_id: exact external reference
  std::string ext_id;
  std::string email;  // exact, without regard to case (column collation)
  std::string phone;  // exact E.164
};

// The audit row of an erasure of personal data.
struct ErasureRow {
  int64_t customer_id = 0;
  std::string requested_by;
  std::string legal_basis;
  std::string reason;
  absl::Time erased_at = absl::InfinitePast();

  static ErasureRow Read(const db::RowReader& r);
  // customer_id, requested_by, legal_basis, reason, erased_at.
  void Bind(db::ParamWriter& p) const;
};

struct ContactRow {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::string display_name;
  std::string title;
  std::string email;
  std::string phone;
  absl::Time created_at = absl::InfinitePast();

  static ContactRow Read(const db::RowReader& r);
  // customer_id, display_name, title, email, phone, created_at.
  void Bind(db::ParamWriter& p) const;
};

struct LeadRow {
  int64_t id = 0;
  std::string display_name;
  std::string company_name;
  std::string contact_email;
  std::string contact_phone;
  int stage = 0;
  int64_t expected_amount_minor = 0;
  std::string currency;
  std::string owner_rep;
  int acquisition_channel = 0;
  std::string lost_reason;
  int64_t customer_id = 0;
  absl::Time created_at = absl::InfinitePast();
  absl::Time updated_at = absl::InfinitePast();
  int64_t version = 1;
  std::string expected_close_date;  // "YYYY-MM-DD" or empty
  bool imported = false;            // brought in by ImportCustomerHistory
  std::string ext_source;           // with ext_id: its id in the legacy system, or empty
  std::string ext_id;

  // Reads the columns of leads, expected_close_date formatted as "YYYY-MM-DD".
  static LeadRow Read(const db::RowReader& r);
  // display_name, company_name, contact_email, contact_phone, stage, expected_amount_minor,
  // currency, owner_rep, acquisition_channel, created_at, updated_at, expected_close_date.
  void Bind(db::ParamWriter& p) const;
};

struct StageChangeRow {
  int from_stage = 0;
  int to_stage = 0;
  std::string lost_reason;
  absl::Time changed_at = absl::InfinitePast();

  static StageChangeRow Read(const db::RowReader& r);
  // from_stage, to_stage, lost_reason, changed_at (after the lead_id the caller binds).
  void Bind(db::ParamWriter& p) const;
};

struct LeadFilter {
  int stage = 0;
  std::string owner_rep;
  int acquisition_channel = 0;
};

inline constexpr int kSubjectCustomer = 1;
inline constexpr int kSubjectLead = 2;

struct InteractionRow {
  int64_t id = 0;
  int subject_kind = 0;
  int64_t subject_id = 0;
  int kind = 0;
  std::string rep;
  absl::Time occurred_at = absl::InfinitePast();
  std::string notes;
  absl::Time created_at = absl::InfinitePast();
  bool imported = false;   // brought in by ImportCustomerHistory
  std::string ext_source;  // with ext_id: its id in the legacy system (imports only)
  std::string ext_id;
  int category = 0;         // FeedbackCategory number, 0: not given
  int complaint_state = 0;  // ComplaintState number, 0: not a complaint
  absl::Time resolved_at = absl::InfinitePast();
  std::string resolved_by;
  std::string resolution_note;

  // Reads the columns of interactions (category and the complaint columns when selected).
  static InteractionRow Read(const db::RowReader& r);
  // subject_kind, subject_id, kind, rep, occurred_at, notes, created_at.
  void Bind(db::ParamWriter& p) const;
};

struct SurveyRow {
  int64_t id = 0;
  int64_t customer_id = 0;
  int kind = 0;
  int score = 0;
  std::string order_name;
  std::string comment;
  absl::Time created_at = absl::InfinitePast();
  bool imported = false;   // brought in by ImportCustomerHistory
  std::string ext_source;  // with ext_id: its id in the legacy system (imports only)
  std::string ext_id;

  int category = 0;  // FeedbackCategory number, 0: not given

  // `comment` is the column comment_text.
  static SurveyRow Read(const db::RowReader& r);
  // customer_id, kind, score, order_name, comment_text, created_at.
  void Bind(db::ParamWriter& p) const;
};

struct LoyaltyRow {
  int64_t customer_id = 0;
  int64_t points_balance = 0;
  int64_t lifetime_points_earned = 0;
  int64_t lifetime_spend_minor = 0;
  std::string tier;  // from customers.tier
  absl::Time updated_at = absl::InfinitePast();

  // Reads loyalty_accounts' columns and customers.tier.
  static LoyaltyRow Read(const db::RowReader& r);
};

struct PointEntryRow {
  int64_t id = 0;
  int64_t customer_id = 0;
  int kind = 0;
  int64_t points_delta = 0;
  int64_t balance_after = 0;
  std::string reason;
  std::string order_name;
  absl::Time created_at = absl::InfinitePast();
  int64_t referred_customer_id = 0;  // referral rewards: the referred customer, else 0

  static PointEntryRow Read(const db::RowReader& r);
  // customer_id, kind, points_delta, balance_after, reason, order_name, created_at,
  // referred_customer_id.
  void Bind(db::ParamWriter& p) const;
};

}  // namespace sales::customers::store
