#include "services/orders/src/store/return_queries.h"

#include <string>
#include <utility>

namespace sales::orders::store {
namespace {

// One statement for every filter combination: a NULL parameter disables its condition.
constexpr char kListReturns[] =
    "SELECT id, order_id, reason, exchange, status, disposition, refund_total_minor, "
    "replacement_order_id, rejection_reason, imported, external_ref, created_at, updated_at "
    "FROM order_returns WHERE (? IS NULL OR order_id = ?) "
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
  std::vector<ReturnRow> rows =
      db::QueryAll<ReturnRow>(tx, kListReturns,
                              {order, order, status, status, from, from, before, before,
                               cursor_time, cursor_time, cursor_time, after.id, int64_t{limit}});
  if (rows.empty()) return rows;
  std::vector<db::SqlParam> ids;
  for (const ReturnRow& row : rows) ids.emplace_back(row.id);
  db::AttachChildren(
      rows, &ReturnRow::id, &ReturnRow::lines,
      db::QueryRowsAll(
          tx, kSelectLinesPrefix, 1, ids, kSelectLinesSuffix, [](const db::RowReader& r) {
            return db::Keyed<ReturnLineRow>{r.Int64("return_id"), ReturnLineRow::Read(r)};
          }));
  return rows;
}

}  // namespace sales::orders::store
