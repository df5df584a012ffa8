#include "services/incentives/src/store/credit_batch_store.h"

#include <algorithm>
#include <span>

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
constexpr char kCreditRow[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr int kCreditColumns = 14;
// A completion's credit: its cause is its order (a VALUES expression may name a column set
// before it in the same row, in MySQL as in MariaDB), cause_kind 1, no credit reversed (the
// two columns default to NULL). 10 values a row instead of 14: every value bound costs on
// both sides (Connector/C++ allocates and frees each one; the server makes an Item of it).
constexpr char kInsertCompletionCredits[] =
    "INSERT INTO credits (order_name, cause, cause_kind, rep_id, kind, share_bp, revenue, margin, "
    "units, day, credited_at, packed_lines) VALUES ";
constexpr char kCompletionCreditRow[] = "(?, order_name, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr int kCompletionCreditColumns = 10;

constexpr char kSaveCreditedOrders[] =
    "INSERT INTO credited_orders (order_name, completed, completed_day, revenue, margin, units, "
    "returned_revenue, returned_margin, returned_units, cancelled) VALUES ";
constexpr char kCreditedOrderRow[] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr int kCreditedOrderColumns = 10;
// An order just completed, nothing taken back yet: 5 values instead of 10.
constexpr char kCompletedOrderRow[] = "(?, 1, ?, ?, ?, ?, 0, 0, 0, 0)";
constexpr int kCompletedOrderColumns = 5;
constexpr char kSaveCreditedOrdersSuffix[] =
    " ON DUPLICATE KEY UPDATE completed = VALUES(completed), "
    "completed_day = VALUES(completed_day), revenue = VALUES(revenue), margin = VALUES(margin), "
    "units = VALUES(units), returned_revenue = VALUES(returned_revenue), "
    "returned_margin = VALUES(returned_margin), returned_units = VALUES(returned_units), "
    "cancelled = VALUES(cancelled)";

constexpr char kInsertOrderReturns[] =
    "INSERT INTO order_returns (return_name, order_name, revenue, margin, units, resolved_at, "
    "applied) VALUES ";
constexpr int kOrderReturnColumns = 7;

// Runs `prefix` + `row` once per row (comma-separated) + `suffix` over `params` (row-major,
// `width` per row, the placeholders of `row`), in chunks of at most 256 rows whose sizes
// are powers of two, as db::ExecRows does for rows of plain placeholders: few texts to
// prepare.
void ExecRowsOf(db::Transaction& tx, const std::string& prefix, const std::string& row, int width,
                const std::vector<db::SqlParam>& params, const std::string& suffix = "") {
  constexpr size_t kMaxRows = 256;
  const size_t rows = params.size() / static_cast<size_t>(width);
  const std::span<const db::SqlParam> all(params);
  for (size_t done = 0; done < rows;) {
    size_t n = 1;
    while (n * 2 <= std::min(rows - done, kMaxRows)) n *= 2;
    std::string sql = prefix;
    sql.reserve(prefix.size() + n * (row.size() + 2) + suffix.size());
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) sql += ", ";
      sql += row;
    }
    sql += suffix;
    tx.Exec(sql, all.subspan(done * width, n * width));
    done += n;
  }
}

bool IsCompletionCredit(const CreditRow& row) {
  return row.cause_kind == domain::CreditCause::kCompleted && row.cause == row.order_name &&
         row.reverses_id == 0 && row.original_day == domain::kOpenEnd;
}

bool IsFreshCompletion(const CreditedOrderRow& row) {
  return row.completed && !row.cancelled && row.returned == domain::SaleAmounts{};
}

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
  db::ParamWriter completions;
  db::ParamWriter others;
  for (const CreditRow& row : rows) {
    if (IsCompletionCredit(row)) {
      completions.Add(row.order_name)
          .Add(row.rep_id)
          .Add(row.kind)
          .Add(row.share_bp)
          .Add(row.amounts.revenue)
          .Add(row.amounts.margin)
          .Add(row.amounts.units)
          .Add(DayParam(row.day))
          .Add(row.credited_at)
          .Add(PackedLinesParam(row.lines));
      continue;
    }
    row.Bind(others);
  }
  ExecRowsOf(tx, kInsertCompletionCredits, kCompletionCreditRow, kCompletionCreditColumns,
             completions.params());
  ExecRowsOf(tx, kInsertCredits, kCreditRow, kCreditColumns, others.params());
}

void SaveCreditedOrders(db::Transaction& tx, const std::vector<CreditedOrderRow>& rows) {
  if (rows.empty()) return;
  db::ParamWriter fresh;
  db::ParamWriter others;
  for (const CreditedOrderRow& row : rows) {
    if (IsFreshCompletion(row)) {
      fresh.Add(row.order_name)
          .Add(DayParam(row.completed_day))
          .Add(row.credited.revenue)
          .Add(row.credited.margin)
          .Add(row.credited.units);
      continue;
    }
    others.Add(row.order_name)
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
  ExecRowsOf(tx, kSaveCreditedOrders, kCompletedOrderRow, kCompletedOrderColumns, fresh.params(),
             kSaveCreditedOrdersSuffix);
  ExecRowsOf(tx, kSaveCreditedOrders, kCreditedOrderRow, kCreditedOrderColumns, others.params(),
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
