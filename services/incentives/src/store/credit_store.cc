#include "services/incentives/src/store/credit_store.h"

#include <optional>

#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/store/rows.h"

namespace sales::incentives::store {
namespace {

constexpr char kCreditedOrderColumns[] =
    "SELECT order_name, completed, DATE_FORMAT(completed_day, '%Y-%m-%d') AS completed_day, "
    "revenue, margin, units, returned_revenue, returned_margin, returned_units, cancelled "
    "FROM credited_orders ";
const std::string kSelectCreditedOrder =
    std::string(kCreditedOrderColumns) + "WHERE order_name = ? FOR UPDATE";
const std::string kSelectCreditedOrdersPrefix =
    std::string(kCreditedOrderColumns) + "WHERE order_name IN (";
constexpr char kSaveCreditedOrder[] =
    "INSERT INTO credited_orders (order_name, completed, completed_day, revenue, margin, units, "
    "returned_revenue, returned_margin, returned_units, cancelled) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE completed = VALUES(completed), "
    "completed_day = VALUES(completed_day), revenue = VALUES(revenue), margin = VALUES(margin), "
    "units = VALUES(units), returned_revenue = VALUES(returned_revenue), "
    "returned_margin = VALUES(returned_margin), returned_units = VALUES(returned_units), "
    "cancelled = VALUES(cancelled)";

constexpr char kOrderReturnColumns[] =
    "SELECT return_name, order_name, revenue, margin, units, resolved_at, applied "
    "FROM order_returns ";
const std::string kSelectOrderReturn =
    std::string(kOrderReturnColumns) + "WHERE return_name = ? FOR UPDATE";
const std::string kListPendingReturns =
    std::string(kOrderReturnColumns) +
    "WHERE order_name = ? AND applied = 0 ORDER BY resolved_at, return_name FOR UPDATE";
constexpr char kInsertOrderReturn[] =
    "INSERT INTO order_returns (return_name, order_name, revenue, margin, units, resolved_at, "
    "applied) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr char kMarkReturnApplied[] = "UPDATE order_returns SET applied = 1 WHERE return_name = ?";

constexpr char kInsertCredit[] =
    "INSERT INTO credits (order_name, cause, cause_kind, rep_id, kind, share_bp, revenue, margin, "
    "units, day, credited_at, reverses_id, original_day, packed_lines) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// Each credit with the team its rep was in on the credit's day (spans of one rep never
// overlap, so at most one matches).
constexpr char kCreditColumns[] =
    "SELECT c.id, c.order_name, c.cause, c.cause_kind, c.rep_id, c.kind, c.share_bp, c.revenue, "
    "c.margin, c.units, DATE_FORMAT(c.day, '%Y-%m-%d') AS day, c.credited_at, c.reverses_id, "
    "DATE_FORMAT(c.original_day, '%Y-%m-%d') AS original_day, m.team_id "
    "FROM credits c LEFT JOIN memberships m ON m.rep_id = c.rep_id AND m.first_day <= c.day "
    "AND (m.end_day IS NULL OR m.end_day > c.day) ";
const std::string kListCompletionCredits =
    std::string(kCreditColumns) + "WHERE c.order_name = ? AND c.cause_kind = 1 ORDER BY c.id";
// Chunks of an IN list of orders (db::QueryRows), each order's credits in one chunk.
const std::string kListCompletionCreditsOfPrefix =
    std::string(kCreditColumns) + "WHERE c.cause_kind = 1 AND c.order_name IN (";
const std::string kListRepCredits =
    std::string(kCreditColumns) +
    "WHERE c.rep_id = ? AND c.day >= ? AND c.day < ? AND c.id > ? ORDER BY c.id LIMIT ?";
const std::string kListTeamCredits =
    std::string(kCreditColumns) +
    "WHERE m.team_id = ? AND c.day >= ? AND c.day < ? AND c.id > ? ORDER BY c.id LIMIT ?";
const std::string kListUnassignedCredits =
    std::string(kCreditColumns) +
    "WHERE m.id IS NULL AND c.day >= ? AND c.day < ? AND c.id > ? ORDER BY c.id LIMIT ?";

constexpr char kSums[] =
    "SELECT COALESCE(SUM(c.revenue), 0) AS revenue, COALESCE(SUM(c.margin), 0) AS margin, "
    "COALESCE(SUM(c.units), 0) AS units, COUNT(*) AS n FROM credits c ";
const std::string kRepTotals =
    std::string(kSums) + "WHERE c.rep_id = ? AND c.day >= ? AND c.day < ?";
const std::string kCompanyTotals =
    std::string(kSums) + "WHERE c.kind = 1 AND c.day >= ? AND c.day < ?";
const std::string kTeamTotalsPrefix =
    std::string(kSums) +
    "JOIN memberships m ON m.rep_id = c.rep_id AND m.first_day <= c.day "
    "AND (m.end_day IS NULL OR m.end_day > c.day) "
    "WHERE c.kind = 1 AND c.day >= ? AND c.day < ? AND m.team_id IN (";

CreditSums ReadSums(const db::RowReader& r) {
  return {{r.Int64("revenue"), r.Int64("margin"), r.Int64("units")}, r.Int64("n")};
}

}  // namespace

void CreditRow::Bind(db::ParamWriter& w) const {
  w.Add(order_name)
      .Add(cause)
      .Add(cause_kind)
      .Add(rep_id)
      .Add(kind)
      .Add(share_bp)
      .Add(amounts.revenue)
      .Add(amounts.margin)
      .Add(amounts.units)
      .Add(DayParam(day))
      .Add(credited_at)
      .Add(db::NullIfZero(reverses_id))
      .Add(DayParam(original_day))
      .Add(PackedLinesParam(lines));
}

CreditRow CreditRow::Read(const db::RowReader& r) {
  CreditRow row;
  row.id = r.Int64("id");
  row.order_name = r.String("order_name");
  row.cause = r.String("cause");
  row.cause_kind = r.Enum<domain::CreditCause>("cause_kind");
  row.rep_id = r.String("rep_id");
  row.kind = r.Enum<domain::CreditKind>("kind");
  row.share_bp = r.Int32("share_bp");
  row.amounts = {r.Int64("revenue"), r.Int64("margin"), r.Int64("units")};
  row.day = ReadDay(r, "day");
  row.credited_at = r.Time("credited_at");
  row.reverses_id = r.Int64OrZero("reverses_id");
  row.original_day = ReadDay(r, "original_day");
  row.team_id = r.Int64OrZero("team_id");
  return row;
}

CreditedOrderRow CreditedOrderRow::Read(const db::RowReader& r) {
  CreditedOrderRow row;
  row.order_name = r.String("order_name");
  row.completed = r.Bool("completed");
  row.completed_day = ReadDay(r, "completed_day");
  row.credited = {r.Int64("revenue"), r.Int64("margin"), r.Int64("units")};
  row.returned = {r.Int64("returned_revenue"), r.Int64("returned_margin"),
                  r.Int64("returned_units")};
  row.cancelled = r.Bool("cancelled");
  return row;
}

OrderReturnRow OrderReturnRow::Read(const db::RowReader& r) {
  OrderReturnRow row;
  row.return_name = r.String("return_name");
  row.order_name = r.String("order_name");
  row.amounts = {r.Int64("revenue"), r.Int64("margin"), r.Int64("units")};
  row.resolved_at = r.Time("resolved_at");
  row.applied = r.Bool("applied");
  return row;
}

std::optional<CreditedOrderRow> FindCreditedOrder(db::Transaction& tx, const std::string& order) {
  return db::QueryOne<CreditedOrderRow>(tx, kSelectCreditedOrder, {order});
}

std::map<std::string, CreditedOrderRow> FindCreditedOrders(db::Transaction& tx,
                                                           const std::vector<std::string>& orders) {
  std::map<std::string, CreditedOrderRow> out;
  if (orders.empty()) return out;
  std::optional<db::RowReader> reader;
  db::QueryRows(tx, kSelectCreditedOrdersPrefix, 1,
                std::vector<db::SqlParam>(orders.begin(), orders.end()), ")",
                [&](sql::ResultSet& rs) {
                  CreditedOrderRow row = CreditedOrderRow::Read(db::ReaderFor(reader, rs));
                  std::string name = row.order_name;
                  out.emplace(std::move(name), std::move(row));
                });
  return out;
}

void SaveCreditedOrder(db::Transaction& tx, const CreditedOrderRow& row) {
  tx.Exec(kSaveCreditedOrder,
          {row.order_name, row.completed, DayParam(row.completed_day), row.credited.revenue,
           row.credited.margin, row.credited.units, row.returned.revenue, row.returned.margin,
           row.returned.units, row.cancelled});
}

std::optional<OrderReturnRow> FindOrderReturn(db::Transaction& tx, const std::string& return_name) {
  return db::QueryOne<OrderReturnRow>(tx, kSelectOrderReturn, {return_name});
}

void InsertOrderReturn(db::Transaction& tx, const OrderReturnRow& row) {
  tx.Exec(kInsertOrderReturn,
          {row.return_name, row.order_name, row.amounts.revenue, row.amounts.margin,
           row.amounts.units, row.resolved_at, row.applied});
}

std::vector<OrderReturnRow> ListPendingReturns(db::Transaction& tx, const std::string& order) {
  return db::QueryAll<OrderReturnRow>(tx, kListPendingReturns, {order});
}

void MarkReturnApplied(db::Transaction& tx, const std::string& return_name) {
  tx.Exec(kMarkReturnApplied, {return_name});
}

std::vector<int64_t> InsertCredits(db::Transaction& tx, const std::vector<CreditRow>& rows) {
  std::vector<int64_t> ids;
  ids.reserve(rows.size());
  for (const CreditRow& row : rows) {
    db::ParamWriter w;
    row.Bind(w);
    tx.Exec(kInsertCredit, w.params());
    ids.push_back(tx.LastInsertId());
  }
  return ids;
}

std::vector<CreditRow> ListCompletionCredits(db::Transaction& tx, const std::string& order) {
  return db::QueryAll<CreditRow>(tx, kListCompletionCredits, {order});
}

std::map<std::string, std::vector<CreditRow>> ListCompletionCreditsOf(
    db::Transaction& tx, const std::vector<std::string>& orders) {
  std::map<std::string, std::vector<CreditRow>> out;
  if (orders.empty()) return out;
  std::optional<db::RowReader> reader;
  db::QueryRows(tx, kListCompletionCreditsOfPrefix, 1,
                std::vector<db::SqlParam>(orders.begin(), orders.end()), ") ORDER BY c.id",
                [&](sql::ResultSet& rs) {
                  CreditRow row = CreditRow::Read(db::ReaderFor(reader, rs));
                  out[row.order_name].push_back(std::move(row));
                });
  return out;
}

std::vector<CreditRow> ListCredits(db::Transaction& tx, const CreditFilter& filter,
                                   absl::CivilDay first, absl::CivilDay end, int64_t after_id,
                                   int limit) {
  const std::string from = domain::DayText(first);
  const std::string to = domain::DayText(end);
  if (filter.unassigned) {
    return db::QueryAll<CreditRow>(tx, kListUnassignedCredits,
                                   {from, to, after_id, int64_t{limit}});
  }
  if (filter.team_id != 0) {
    return db::QueryAll<CreditRow>(tx, kListTeamCredits,
                                   {filter.team_id, from, to, after_id, int64_t{limit}});
  }
  return db::QueryAll<CreditRow>(tx, kListRepCredits,
                                 {filter.rep_id, from, to, after_id, int64_t{limit}});
}

CreditSums RepTotals(db::Transaction& tx, const std::string& rep_id, absl::CivilDay first,
                     absl::CivilDay end) {
  return *db::QueryOne(tx, kRepTotals, {rep_id, domain::DayText(first), domain::DayText(end)},
                       ReadSums);
}

CreditSums TeamTotals(db::Transaction& tx, const std::vector<int64_t>& team_ids,
                      absl::CivilDay first, absl::CivilDay end) {
  CreditSums total;
  // A team's reps are in one team at a time, so the chunks of the IN list never count a
  // credit twice.
  for (const CreditSums& part :
       db::QueryInAll(tx, kTeamTotalsPrefix, {domain::DayText(first), domain::DayText(end)},
                      team_ids, ")", ReadSums)) {
    total.amounts = total.amounts + part.amounts;
    total.count += part.count;
  }
  return total;
}

CreditSums CompanyTotals(db::Transaction& tx, absl::CivilDay first, absl::CivilDay end) {
  return *db::QueryOne(tx, kCompanyTotals, {domain::DayText(first), domain::DayText(end)},
                       ReadSums);
}

}  // namespace sales::incentives::store
