#include "services/orders/src/store/return_queries.h"

#include <map>
#include <string>

#include "services/orders/src/store/return_store.h"

namespace sales::orders::store {
namespace {

// One statement for every filter combination: a NULL parameter disables its condition.
constexpr char kListReturns[] =
    "SELECT id, order_id, reason, exchange, status, disposition, refund_total_minor, "
    "replacement_order_id, rejection_reason, created_at, updated_at FROM order_returns "
    "WHERE (? IS NULL OR order_id = ?) "
    "AND (? IS NULL OR status = ?) "
    "AND (? IS NULL OR created_at >= ?) "
    "AND (? IS NULL OR created_at < ?) "
    "AND (? IS NULL OR created_at > ? OR (created_at = ? AND id > ?)) "
    "ORDER BY created_at, id LIMIT ?";
constexpr char kSelectLinesPrefix[] =
    "SELECT return_id, line_id, quantity, refund_minor FROM order_return_lines "
    "WHERE return_id IN (";
constexpr char kSelectLinesSuffix[] = ") ORDER BY return_id, line_id";

}  // namespace

std::vector<ReturnRow> ListReturns(db::Transaction& tx, const ReturnFilter& f,
                                   const KeysetCursor& after, int limit) {
  const db::SqlParam order = db::NullIfZero(f.order_id);
  const db::SqlParam status = db::NullIfZero(f.status);
  const db::SqlParam from = db::NullIfUnset(f.created_from);
  const db::SqlParam before = db::NullIfUnset(f.created_before);
  const db::SqlParam cursor_time = after.first_page() ? db::SqlParam(nullptr) : after.time;
  auto rs =
      tx.Query(kListReturns, {order, order, status, status, from, from, before, before, cursor_time,
                              cursor_time, cursor_time, after.id, int64_t{limit}});
  std::vector<ReturnRow> rows;
  std::map<int64_t, size_t> index;
  std::vector<db::SqlParam> ids;
  while (rs->next()) {
    ReturnRow row = ReturnFromRow(*rs);
    index[row.id] = rows.size();
    ids.emplace_back(row.id);
    rows.push_back(std::move(row));
  }
  if (ids.empty()) return rows;
  db::QueryRows(tx, kSelectLinesPrefix, 1, ids, kSelectLinesSuffix, [&](sql::ResultSet& lines) {
    auto it = index.find(lines.getInt64("return_id"));
    if (it == index.end()) return;
    rows[it->second].lines.push_back(
        {lines.getInt("line_id"), lines.getInt64("quantity"), lines.getInt64("refund_minor")});
  });
  return rows;
}

}  // namespace sales::orders::store
