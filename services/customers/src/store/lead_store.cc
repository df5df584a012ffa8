#include "services/customers/src/store/lead_store.h"

namespace sales::customers::store {
namespace {

constexpr char kLeadColumns[] =
    "SELECT id, display_name, company_name, contact_email, contact_phone, stage, "
    "expected_amount_minor, currency, owner_rep, acquisition_channel, lost_reason, "
    "customer_id, created_at, updated_at, version, imported, ext_source, ext_id, "
    "DATE_FORMAT(expected_close_date, '%Y-%m-%d') AS expected_close_date FROM leads ";
const std::string kSelectLead = std::string(kLeadColumns) + "WHERE id = ?";
const std::string kSelectLeadForUpdate = kSelectLead + " FOR UPDATE";
// Ordered by (created_at, id), the create_time a caller sees, with a keyset on both (ids
// follow insert order, not the order creation times were taken); NULL = first page.
const std::string kListLeads = std::string(kLeadColumns) +
                               "WHERE (? IS NULL OR created_at > ? OR (created_at = ? AND id > ?)) "
                               "AND (? IS NULL OR stage = ?) "
                               "AND (? IS NULL OR owner_rep = ?) "
                               "AND (? IS NULL OR acquisition_channel = ?) "
                               "ORDER BY created_at, id LIMIT ?";
constexpr char kInsertLead[] =
    "INSERT INTO leads (display_name, company_name, contact_email, contact_phone, stage, "
    "expected_amount_minor, currency, owner_rep, acquisition_channel, created_at, updated_at, "
    "version, expected_close_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)";
constexpr char kUpdateLeadDetails[] =
    "UPDATE leads SET display_name = ?, company_name = ?, contact_email = ?, contact_phone = ?, "
    "expected_amount_minor = ?, owner_rep = ?, acquisition_channel = ?, "
    "expected_close_date = ?, updated_at = ?, version = ? WHERE id = ?";
constexpr char kUpdateLeadState[] =
    "UPDATE leads SET stage = ?, lost_reason = ?, customer_id = ?, updated_at = ?, version = ? "
    "WHERE id = ?";
constexpr char kInsertStageChange[] =
    "INSERT INTO lead_stage_history (lead_id, from_stage, to_stage, lost_reason, changed_at) "
    "VALUES (?, ?, ?, ?, ?)";
constexpr char kListStageChanges[] =
    "SELECT from_stage, to_stage, lost_reason, changed_at FROM lead_stage_history "
    "WHERE lead_id = ? ORDER BY id";

}  // namespace

int64_t InsertLead(db::Transaction& tx, const LeadRow& row) {
  tx.Exec(kInsertLead, db::ParamWriter().AddRow(row).params());
  return tx.LastInsertId();
}

std::optional<LeadRow> FindLead(db::Transaction& tx, int64_t id, bool for_update) {
  return db::QueryOne<LeadRow>(tx, for_update ? kSelectLeadForUpdate : kSelectLead, {id});
}

std::vector<LeadRow> ListLeads(db::Transaction& tx, const LeadFilter& f, const KeysetCursor& cursor,
                               int limit) {
  const db::SqlParam at = cursor.first_page() ? db::SqlParam(nullptr) : db::SqlParam(cursor.time);
  const db::SqlParam stage = db::NullIfZero(f.stage);
  const db::SqlParam owner = db::NullIfEmpty(f.owner_rep);
  const db::SqlParam channel = db::NullIfZero(f.acquisition_channel);
  return db::QueryAll<LeadRow>(
      tx, kListLeads,
      {at, at, at, cursor.id, stage, stage, owner, owner, channel, channel, int64_t{limit}});
}

void UpdateLeadState(db::Transaction& tx, const LeadRow& row) {
  tx.Exec(kUpdateLeadState, {int64_t{row.stage}, db::NullIfEmpty(row.lost_reason),
                             db::NullIfZero(row.customer_id), row.updated_at, row.version, row.id});
}

void UpdateLeadDetails(db::Transaction& tx, const LeadRow& row) {
  tx.Exec(kUpdateLeadDetails,
          {row.display_name, db::NullIfEmpty(row.company_name), db::NullIfEmpty(row.contact_email),
           db::NullIfEmpty(row.contact_phone), row.expected_amount_minor,
           db::NullIfEmpty(row.owner_rep), int64_t{row.acquisition_channel},
           db::NullIfEmpty(row.expected_close_date), row.updated_at, row.version, row.id});
}

void InsertStageChange(db::Transaction& tx, int64_t lead_id, const StageChangeRow& change) {
  tx.Exec(kInsertStageChange, db::ParamWriter().Add(lead_id).AddRow(change).params());
}

std::vector<StageChangeRow> ListStageChanges(db::Transaction& tx, int64_t lead_id) {
  return db::QueryAll<StageChangeRow>(tx, kListStageChanges, {lead_id});
}

}  // namespace sales::customers::store
