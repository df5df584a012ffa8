#include "services/incentives/src/store/credit_batch_store.h"

#include "services/incentives/src/store/rows.h"

namespace sales::incentives::store {
namespace {

constexpr char kOrdersWithPendingReturns[] =
    "SELECT DISTINCT order_name AS name FROM order_returns WHERE applied = 0 AND order_name IN (";
constexpr char kKnownReturns[] =
    "SELECT return_name AS name FROM order_returns WHERE return_name IN (";
constexpr char kInsertCredits[] =
    "INSERT INTO credits (order_name, cause, cause_kind, rep_id, kind, share_bp, revenue, margin, "
    "units, day, credited_at, reverses_id, original_day, packed_lines) VALUES ";
constexpr int kCreditColumns = 14;
constexpr char kSaveCreditedOrders[] =
    "INSERT INTO credited_orders (order_name, completed, completed_day, revenue, margin, units, "
    "returned_revenue, returned_margin, returned_units, cancelled) VALUES ";
constexpr int kCreditedOrderColumns = 10;
constexpr char kInsertOrderReturns[] =
    "INSERT INTO order_returns (return_name, order_name, revenue, margin, units, resolved_at, "
    "applied) VALUES ";
constexpr int kOrderReturnColumns = 7;
constexpr char kSaveCreditedOrdersSuffix[] =
    " ON DUPLICATE KEY UPDATE completed = VALUES(completed), "
    "completed_day = VALUES(completed_day), revenue = VALUES(revenue), margin = VALUES(margin), "
    "units = VALUES(units), returned_revenue = VALUES(returned_revenue), "
    "returned_margin = VALUES(returned_margin), returned_units = VALUES(returned_units), "
    "cancelled = VALUES(cancelled)";

// The `name` column of `prefix` ("... IN (") over `names`.
std::set<std::string> NamesIn(db::Transaction& tx, const char* prefix,
                              const std::vector<std::string>& names) {
  std::set<std::string> out;
  if (names.empty()) return out;
  db::QueryRows(tx, prefix, 1, std::vector<db::SqlParam>(names.begin(), names.end()), ")",
                [&](sql::ResultSet& rs) { out.insert(db::RowReader(rs).String("name")); });
  return out;
}

}  // namespace

std::set<std::string> FindOrdersWithPendingReturns(db::Transaction& tx,
                                                   const std::vector<std::string>& orders) {
  return NamesIn(tx, kOrdersWithPendingReturns, orders);
}

std::set<std::string> FindOrderReturns(db::Transaction& tx,
                                       const std::vector<std::string>& returns) {
  return NamesIn(tx, kKnownReturns, returns);
}

void InsertCreditRows(db::Transaction& tx, const std::vector<CreditRow>& rows) {
  if (rows.empty()) return;
  db::ParamWriter p;
  for (const CreditRow& row : rows) {
    p.Add(row.order_name)
        .Add(row.cause)
        .Add(row.cause_kind)
        .Add(row.rep_id)
        .Add(row.kind)
        .Add(row.share_bp)
        .Add(row.amounts.revenue)
        .Add(row.amounts.margin)
        .Add(row.amounts.units)
        .Add(DayParam(row.day))
        .Add(row.credited_at)
        .Add(db::NullIfZero(row.reverses_id))
        .Add(DayParam(row.original_day))
        .Add(PackedLinesParam(row.lines));
  }
  db::ExecRows(tx, kInsertCredits, kCreditColumns, p.params());
}

void SaveCreditedOrders(db::Transaction& tx, const std::vector<CreditedOrderRow>& rows) {
  if (rows.empty()) return;
  db::ParamWriter p;
  for (const CreditedOrderRow& row : rows) {
    p.Add(row.order_name)
        .Add(row.completed)
        .Add(DayParam(row.completed_day))
        .Add(row.credited.revenue)
        .Add(row.credited.margin)
        .Add(row.credited.units)
        .Add(row.returned.revenue)
        .Add(row.returned.margin)
        .Add(row.returned.units)
        .Add(row.cancelled);
  }
  db::ExecRows(tx, kSaveCreditedOrders, kCreditedOrderColumns, p.params(),
               kSaveCreditedOrdersSuffix);
}

void InsertOrderReturns(db::Transaction& tx, const std::vector<OrderReturnRow>& rows) {
  if (rows.empty()) return;
  db::ParamWriter p;
  for (const OrderReturnRow& row : rows) {
    p.Add(row.return_name)
        .Add(row.order_name)
        .Add(row.amounts.revenue)
        .Add(row.amounts.margin)
        .Add(row.amounts.units)
        .Add(row.resolved_at)
        .Add(row.applied);
  }
  db::ExecRows(tx, kInsertOrderReturns, kOrderReturnColumns, p.params());
}

}  // namespace sales::incentives::store
