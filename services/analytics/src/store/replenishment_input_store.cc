#include "services/analytics/src/store/replenishment_input_store.h"

#include "absl/strings/str_format.h"
#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

// Doubles are bound as their shortest exact decimal text ("%.17g"): the parameter types
// have no double. NULL: not recorded.
constexpr char kUpsertSettings[] =
    "INSERT INTO replenishment_settings (product_id, product, warehouse, lead_time_days, "
    "lead_time_sd_days, service_level, cover_days, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON DUPLICATE KEY UPDATE product = VALUES(product), lead_time_days = VALUES(lead_time_days), "
    "lead_time_sd_days = VALUES(lead_time_sd_days), service_level = VALUES(service_level), "
    "cover_days = VALUES(cover_days), update_time = VALUES(update_time)";
constexpr char kSettingsColumns[] =
    "SELECT product_id, product, warehouse, lead_time_days, lead_time_sd_days, service_level, "
    "cover_days, update_time FROM replenishment_settings ";
constexpr char kSettingsForUpdate[] = "WHERE product_id = ? AND warehouse = ? FOR UPDATE";
constexpr char kDeleteSettings[] =
    "DELETE FROM replenishment_settings WHERE product_id = ? AND warehouse = ?";
constexpr char kListSettings[] =
    "WHERE (? = 0 OR product_id = ?) AND (product_id > ? OR (product_id = ? AND warehouse > ?)) "
    "ORDER BY product_id, warehouse LIMIT ?";
// An empty filter matches every row; a warehouse filter keeps that warehouse and ''.
constexpr char kLoadSettings[] =
    "WHERE (? = '' OR product = ?) AND (? = '' OR warehouse = ? OR warehouse = '') "
    "ORDER BY product_id, warehouse";

constexpr char kInsertReceipt[] =
    "INSERT INTO expected_receipts (product, warehouse, units, expected_day, reference, state, "
    "create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kReceiptColumns[] =
    "SELECT id, product, warehouse, units, expected_day, reference, state, create_time, "
    "update_time FROM expected_receipts ";
constexpr char kReceiptForUpdate[] = "WHERE id = ? FOR UPDATE";
constexpr char kUpdateReceipt[] =
    "UPDATE expected_receipts SET units = ?, expected_day = ?, reference = ?, state = ?, "
    "update_time = ? WHERE id = ?";
constexpr char kListReceipts[] =
    "WHERE (? = '' OR product = ?) AND (? = '' OR warehouse = ?) AND (? = 0 OR state = ?) "
    "AND id > ? ORDER BY id LIMIT ?";
constexpr char kOpenReceipts[] =
    "SELECT product, warehouse, expected_day, SUM(units) FROM expected_receipts "
    "WHERE state = 1 AND expected_day < ? AND (? = '' OR product = ?) "
    "AND (? = '' OR warehouse = ?) "
    "GROUP BY product, warehouse, expected_day ORDER BY product, warehouse, expected_day";

db::SqlParam OptionalDouble(const std::optional<double>& v) {
  if (!v.has_value()) return nullptr;
  return absl::StrFormat("%.17g", *v);
}

db::SqlParam OptionalInt(const std::optional<int>& v) {
  if (!v.has_value()) return nullptr;
  return int64_t{*v};
}

SettingsRow ReadSettings(sql::ResultSet& rs) {
  SettingsRow row;
  row.product_id = rs.getInt64(1);
  row.product = rs.getString(2);
  row.warehouse = rs.getString(3);
  row.values.lead_time_days = rs.getInt(4);
  if (!rs.isNull(5)) row.values.lead_time_sd_days = static_cast<double>(rs.getDouble(5));
  if (!rs.isNull(6)) row.values.service_level = static_cast<double>(rs.getDouble(6));
  if (!rs.isNull(7)) row.values.cover_days = rs.getInt(7);
  row.update_time = db::GetSqlTime(rs, "update_time");
  return row;
}

ReceiptRow ReadReceipt(sql::ResultSet& rs) {
  ReceiptRow row;
  row.id = rs.getInt64(1);
  row.product = rs.getString(2);
  row.warehouse = rs.getString(3);
  row.units = rs.getInt64(4);
  row.expected_day = ReadDay(rs, 5);
  row.reference = rs.getString(6);
  row.state = rs.getInt(7);
  row.create_time = db::GetSqlTime(rs, "create_time");
  row.update_time = db::GetSqlTime(rs, "update_time");
  return row;
}

std::string Sql(const char* columns, const char* rest) { return std::string(columns) + rest; }

}  // namespace

void UpsertSettings(db::Transaction& tx, const SettingsRow& row) {
  tx.Exec(kUpsertSettings,
          {row.product_id, row.product, row.warehouse, OptionalInt(row.values.lead_time_days),
           OptionalDouble(row.values.lead_time_sd_days), OptionalDouble(row.values.service_level),
           OptionalInt(row.values.cover_days), row.update_time});
}

std::optional<SettingsRow> LoadSettingsForUpdate(db::Transaction& tx, int64_t product_id,
                                                 const std::string& warehouse) {
  auto rs = tx.Query(Sql(kSettingsColumns, kSettingsForUpdate), {product_id, warehouse});
  if (!rs->next()) return std::nullopt;
  return ReadSettings(*rs);
}

void DeleteSettings(db::Transaction& tx, int64_t product_id, const std::string& warehouse) {
  tx.Exec(kDeleteSettings, {product_id, warehouse});
}

std::vector<SettingsRow> ListSettings(db::Transaction& tx, int64_t product_id,
                                      int64_t after_product_id, const std::string& after_warehouse,
                                      int limit) {
  std::vector<SettingsRow> out;
  auto rs = tx.Query(Sql(kSettingsColumns, kListSettings),
                     {product_id, product_id, after_product_id, after_product_id, after_warehouse,
                      int64_t{limit}});
  while (rs->next()) out.push_back(ReadSettings(*rs));
  return out;
}

std::vector<SettingsRow> LoadSettings(db::Transaction& tx, const std::string& product,
                                      const std::string& warehouse) {
  std::vector<SettingsRow> out;
  auto rs =
      tx.Query(Sql(kSettingsColumns, kLoadSettings), {product, product, warehouse, warehouse});
  while (rs->next()) out.push_back(ReadSettings(*rs));
  return out;
}

int64_t InsertReceipt(db::Transaction& tx, const ReceiptRow& row) {
  tx.Exec(kInsertReceipt, {row.product, row.warehouse, row.units, DayText(row.expected_day),
                           row.reference, int64_t{row.state}, row.create_time, row.update_time});
  return tx.LastInsertId();
}

std::optional<ReceiptRow> LoadReceiptForUpdate(db::Transaction& tx, int64_t id) {
  auto rs = tx.Query(Sql(kReceiptColumns, kReceiptForUpdate), {id});
  if (!rs->next()) return std::nullopt;
  return ReadReceipt(*rs);
}

void UpdateReceipt(db::Transaction& tx, const ReceiptRow& row) {
  tx.Exec(kUpdateReceipt, {row.units, DayText(row.expected_day), row.reference, int64_t{row.state},
                           row.update_time, row.id});
}

std::vector<ReceiptRow> ListReceipts(db::Transaction& tx, const std::string& product,
                                     const std::string& warehouse, int state, int64_t after_id,
                                     int limit) {
  std::vector<ReceiptRow> out;
  auto rs = tx.Query(Sql(kReceiptColumns, kListReceipts),
                     {product, product, warehouse, warehouse, int64_t{state}, int64_t{state},
                      after_id, int64_t{limit}});
  while (rs->next()) out.push_back(ReadReceipt(*rs));
  return out;
}

std::vector<DueReceipts> LoadOpenReceipts(db::Transaction& tx, absl::CivilDay end_day,
                                          const std::string& product,
                                          const std::string& warehouse) {
  std::vector<DueReceipts> out;
  auto rs = tx.Query(kOpenReceipts, {DayText(end_day), product, product, warehouse, warehouse});
  while (rs->next()) {
    out.push_back({rs->getString(1), rs->getString(2), ReadDay(*rs, 3), rs->getInt64(4)});
  }
  return out;
}

}  // namespace sales::analytics::store
