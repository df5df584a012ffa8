#include "services/orders/src/store/return_store.h"

namespace sales::orders::store {
namespace {

// The TINYINT columns hold the proto numbers of the enums (0: no disposition yet).
int64_t StatusColumn(domain::ReturnStatus status) { return static_cast<int64_t>(status); }
int64_t DispositionColumn(const std::optional<domain::Disposition>& disposition) {
  return disposition.has_value() ? static_cast<int64_t>(*disposition) : 0;
}
std::optional<domain::Disposition> DispositionOf(int column) {
  if (column == 0) return std::nullopt;
  return static_cast<domain::Disposition>(column);
}

constexpr char kInsertReturn[] =
    "INSERT INTO order_returns (order_id, reason, exchange, status, disposition, "
    "refund_total_minor, replacement_order_id, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kInsertLine[] =
    "INSERT INTO order_return_lines (return_id, line_id, quantity, refund_minor) "
    "VALUES (?, ?, ?, ?)";
constexpr char kSelectReturn[] =
    "SELECT id, order_id, reason, exchange, status, disposition, refund_total_minor, "
    "replacement_order_id, rejection_reason, created_at, updated_at FROM order_returns "
    "WHERE id = ?";
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
  tx.Exec(kInsertReturn,
          {row.order_id, row.reason, row.exchange, StatusColumn(row.status),
           DispositionColumn(row.disposition), row.refund_total_minor,
           row.replacement_order_id == 0 ? db::SqlParam(nullptr) : row.replacement_order_id,
           row.created_at, row.updated_at});
  const int64_t id = tx.LastInsertId();
  for (const ReturnLineRow& line : row.lines) {
    tx.Exec(kInsertLine, {id, int64_t{line.line_id}, line.quantity, line.refund_minor});
  }
  return id;
}

ReturnRow ReturnFromRow(sql::ResultSet& rs) {
  ReturnRow row;
  row.id = rs.getInt64("id");
  row.order_id = rs.getInt64("order_id");
  row.reason = rs.getString("reason");
  row.exchange = rs.getInt("exchange") != 0;
  row.status = static_cast<domain::ReturnStatus>(rs.getInt("status"));
  row.disposition = DispositionOf(rs.getInt("disposition"));
  row.refund_total_minor = rs.getInt64("refund_total_minor");
  row.replacement_order_id =
      rs.isNull("replacement_order_id") ? 0 : rs.getInt64("replacement_order_id");
  row.rejection_reason = db::GetString(rs, "rejection_reason");
  row.created_at = db::GetSqlTime(rs, "created_at");
  row.updated_at = db::GetSqlTime(rs, "updated_at");
  return row;
}

std::optional<ReturnRow> FindReturn(db::Transaction& tx, int64_t id, bool for_update) {
  auto rs = tx.Query(for_update ? kSelectReturnForUpdate : std::string(kSelectReturn), {id});
  if (!rs->next()) return std::nullopt;
  ReturnRow row = ReturnFromRow(*rs);
  auto lines = tx.Query(kSelectLines, {id});
  while (lines->next()) {
    row.lines.push_back(
        {lines->getInt("line_id"), lines->getInt64("quantity"), lines->getInt64("refund_minor")});
  }
  return row;
}

void UpdateReturn(db::Transaction& tx, const ReturnRow& row) {
  tx.Exec(kUpdateReturn,
          {StatusColumn(row.status), DispositionColumn(row.disposition), row.refund_total_minor,
           row.replacement_order_id == 0 ? db::SqlParam(nullptr) : row.replacement_order_id,
           db::NullIfEmpty(row.rejection_reason), row.updated_at, row.id});
}

std::map<int32_t, int64_t> ReturnedUnitsByLine(db::Transaction& tx, int64_t order_id,
                                               int64_t before_return_id) {
  auto rs = tx.Query(kReturnedUnits, {order_id, before_return_id, before_return_id,
                                      StatusColumn(domain::ReturnStatus::kRejected)});
  std::map<int32_t, int64_t> units;
  while (rs->next()) units[rs->getInt("line_id")] = rs->getInt64("units");
  return units;
}

}  // namespace sales::orders::store
