#include "services/customers/src/store/lead_store.h"

namespace sales::customers::store {
namespace {

constexpr char kLeadColumns[] =
    "SELECT id, display_name, company_name, contact_email, contact_phone, stage, "
    "expected_amount_minor, currency, owner_rep, acquisition_channel, lost_reason, "
    "customer_id, created_at, updated_at, version, "
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

LeadRow ReadLead(sql::ResultSet& rs) {
  LeadRow row;
  row.id = rs.getInt64("id");
  row.display_name = rs.getString("display_name");
  row.company_name = db::GetString(rs, "company_name");
  row.contact_email = db::GetString(rs, "contact_email");
  row.contact_phone = db::GetString(rs, "contact_phone");
  row.stage = rs.getInt("stage");
  row.expected_amount_minor = rs.getInt64("expected_amount_minor");
  row.currency = rs.getString("currency");
  row.owner_rep = db::GetString(rs, "owner_rep");
  row.acquisition_channel = rs.getInt("acquisition_channel");
  row.lost_reason = db::GetString(rs, "lost_reason");
  row.customer_id = rs.isNull("customer_id") ? 0 : rs.getInt64("customer_id");
  row.created_at = db::GetSqlTime(rs, "created_at");
  row.updated_at = db::GetSqlTime(rs, "updated_at");
  row.version = rs.getInt64("version");
  row.expected_close_date = db::GetString(rs, "expected_close_date");
  return row;
}

}  // namespace

int64_t InsertLead(db::Transaction& tx, const LeadRow& row) {
  tx.Exec(kInsertLead,
          {row.display_name, db::NullIfEmpty(row.company_name), db::NullIfEmpty(row.contact_email),
           db::NullIfEmpty(row.contact_phone), int64_t{row.stage}, row.expected_amount_minor,
           row.currency, db::NullIfEmpty(row.owner_rep), int64_t{row.acquisition_channel},
           row.created_at, row.updated_at, db::NullIfEmpty(row.expected_close_date)});
  return tx.LastInsertId();
}

std::optional<LeadRow> FindLead(db::Transaction& tx, int64_t id, bool for_update) {
  auto rs = tx.Query(for_update ? kSelectLeadForUpdate : kSelectLead, {id});
  if (!rs->next()) return std::nullopt;
  return ReadLead(*rs);
}

std::vector<LeadRow> ListLeads(db::Transaction& tx, const LeadFilter& f, const KeysetCursor& cursor,
                               int limit) {
  const db::SqlParam at = cursor.first_page() ? db::SqlParam(nullptr) : db::SqlParam(cursor.time);
  const db::SqlParam stage = db::NullIfZero(f.stage);
  const db::SqlParam owner = db::NullIfEmpty(f.owner_rep);
  const db::SqlParam channel = db::NullIfZero(f.acquisition_channel);
  auto rs = tx.Query(kListLeads, {at, at, at, cursor.id, stage, stage, owner, owner, channel,
                                  channel, int64_t{limit}});
  std::vector<LeadRow> rows;
  while (rs->next()) rows.push_back(ReadLead(*rs));
  return rows;
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
  tx.Exec(kInsertStageChange, {lead_id, int64_t{change.from_stage}, int64_t{change.to_stage},
                               db::NullIfEmpty(change.lost_reason), change.changed_at});
}

std::vector<StageChangeRow> ListStageChanges(db::Transaction& tx, int64_t lead_id) {
  auto rs = tx.Query(kListStageChanges, {lead_id});
  std::vector<StageChangeRow> rows;
  while (rs->next()) {
    StageChangeRow row;
    row.from_stage = rs->getInt("from_stage");
    row.to_stage = rs->getInt("to_stage");
    row.lost_reason = db::GetString(*rs, "lost_reason");
    row.changed_at = db::GetSqlTime(*rs, "changed_at");
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace sales::customers::store
