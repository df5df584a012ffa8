#include "services/orders/src/store/return_store.h"

#include <string>
#include <utility>
#include <vector>

namespace sales::orders::store {
namespace {

constexpr char kInsertReturn[] =
    "INSERT INTO order_returns (order_id, reason, exchange, status, disposition, "
    "refund_total_minor, replacement_order_id, imported, external_ref, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kInsertLine[] =
    "INSERT INTO order_return_lines (return_id, line_id, quantity, refund_minor) "
    "VALUES (?, ?, ?, ?)";
constexpr char kSelectReturn[] =
    "SELECT id, order_id, reason, exchange, status, disposition, refund_total_minor, "
    "replacement_order_id, rejection_reason, imported, external_ref, created_at, updated_at "
    "FROM order_returns WHERE id = ?";
const std::string kSelectReturnForUpdate = std::string(kSelectReturn) + " FOR UPDATE";
constexpr char kSelectLines[] =
    "SELECT line_id, quantity, refund_minor FROM order_return_lines WHERE return_id = ? "
    "ORDER BY line_id";
constexpr char kUpdateReturn[] =
    "UPDATE order_returns SET status = ?, disposition = ?, refund_total_minor = ?, "
    "replacement_order_id = ?, rejection_reason = ?, updated_at = ? WHERE id = ?";
// A rejected return holds no units: they may be asked for again.
constexpr char kReturnedUnits[] =
    "SELECT l.line_id, SUM(l.quantity) AS units FROM order_return_lines l "
    "JOIN order_returns r ON r.id = l.return_id WHERE r.order_id = ? AND (? = 0 OR r.id < ?) "
    "AND r.status <> ? GROUP BY l.line_id";

}  // namespace

int64_t InsertReturn(db::Transaction& tx, const ReturnRow& row) {
  tx.Exec(kInsertReturn, db::ParamWriter().AddRow(row).params());
  const int64_t id = tx.LastInsertId();
  for (const ReturnLineRow& line : row.lines) {
    tx.Exec(kInsertLine, db::ParamWriter().Add(id).AddRow(line).params());
  }
  return id;
}

std::optional<ReturnRow> FindReturn(db::Transaction& tx, int64_t id, bool for_update) {
  std::optional<ReturnRow> row = db::QueryOne<ReturnRow>(
      tx, for_update ? kSelectReturnForUpdate : std::string(kSelectReturn), {id});
  if (row.has_value()) row->lines = db::QueryAll<ReturnLineRow>(tx, kSelectLines, {id});
  return row;
}

void UpdateReturn(db::Transaction& tx, const ReturnRow& row) {
  tx.Exec(kUpdateReturn, db::ParamWriter()
                             .Add(row.status)
                             .Add(row.disposition)
                             .Add(row.refund_total_minor)
                             .Add(db::NullIfZero(row.replacement_order_id))
                             .Add(db::NullIfEmpty(row.rejection_reason))
                             .Add(row.updated_at)
                             .Add(row.id)
                             .params());
}

std::map<int32_t, int64_t> ReturnedUnitsByLine(db::Transaction& tx, int64_t order_id,
                                               int64_t before_return_id) {
  const std::vector<std::pair<int32_t, int64_t>> units = db::QueryAll(
      tx, kReturnedUnits,
      {order_id, before_return_id, before_return_id,
       db::EnumNumber(domain::ReturnStatus::kRejected)},
      [](const db::RowReader& r) { return std::pair(r.Int32("line_id"), r.Int64("units")); });
  return {units.begin(), units.end()};  // one row per line (GROUP BY line_id)
}

}  // namespace sales::orders::store
