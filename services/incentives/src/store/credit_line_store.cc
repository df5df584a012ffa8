#include "services/incentives/src/store/credit_line_store.h"

#include <optional>

#include "common/db/batches.h"
#include "common/db/row_mapping.h"
#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/store/rep_lists.h"
#include "services/incentives/src/store/rows.h"

namespace sales::incentives::store {
namespace {

constexpr char kInsertCreditLines[] =
    "INSERT INTO credit_lines (credit_id, line_no, rep_id, day, original_day, product, "
    "category, revenue, margin, units) VALUES ";
constexpr int kCreditLineWidth = 10;
constexpr char kCreditLineColumns[] =
    "SELECT credit_id, line_no, rep_id, DATE_FORMAT(day, '%Y-%m-%d') AS day, "
    "DATE_FORMAT(original_day, '%Y-%m-%d') AS original_day, product, category, revenue, margin, "
    "units FROM credit_lines ";
// Two index ranges, each line once: those of the days, then those of the original days whose
// own day is outside them (UNION ALL: no duplicate to remove, no sort).
constexpr char kOtherDays[] = " AND NOT (day >= ? AND day < ?)";
const std::string kListCreditLinesOfDays =
    std::string(kCreditLineColumns) + "WHERE day >= ? AND day < ? UNION ALL " + kCreditLineColumns +
    "WHERE original_day >= ? AND original_day < ?" + kOtherDays;
// The same for the reps of `list` ("?, ?, ..."): parameters reps, from, to, reps, from, to,
// from, to.
std::string RepsCreditLinesOfDays(const std::string& list) {
  return std::string(kCreditLineColumns) + "WHERE rep_id IN (" + list +
         ") AND day >= ? AND day < ? UNION ALL " + kCreditLineColumns + "WHERE rep_id IN (" + list +
         ") AND original_day >= ? AND original_day < ?" + kOtherDays;
}
const std::string kListCreditLinesOfPrefix =
    std::string(kCreditLineColumns) + "WHERE credit_id IN (";

constexpr char kInsertReturnLines[] =
    "INSERT INTO order_return_lines (return_name, line_no, product, category, revenue, cost, "
    "units) VALUES ";
constexpr char kListReturnLines[] =
    "SELECT product, category, revenue, cost, units FROM order_return_lines "
    "WHERE return_name = ? ORDER BY line_no";

CreditLineRow ReadCreditLine(const db::RowReader& r) {
  CreditLineRow row;
  row.credit_id = r.Int64("credit_id");
  row.line_no = r.Int32("line_no");
  row.rep_id = r.String("rep_id");
  row.day = ReadDay(r, "day");
  row.original_day = ReadDay(r, "original_day");
  row.line.product = r.String("product");
  row.line.category = r.String("category");
  row.line.amounts = {r.Int64("revenue"), r.Int64("margin"), r.Int64("units")};
  return row;
}

}  // namespace

void InsertCreditLines(db::Transaction& tx, const std::vector<CreditLineRow>& rows) {
  if (rows.empty()) return;
  std::vector<db::SqlParam> params;
  params.reserve(rows.size() * kCreditLineWidth);
  for (const CreditLineRow& row : rows) {
    params.push_back(row.credit_id);
    params.push_back(int64_t{row.line_no});
    params.push_back(row.rep_id);
    params.push_back(DayParam(row.day));
    params.push_back(DayParam(row.original_day));
    params.push_back(row.line.product);
    params.push_back(row.line.category);
    params.push_back(row.line.amounts.revenue);
    params.push_back(row.line.amounts.margin);
    params.push_back(row.line.amounts.units);
  }
  db::ExecRows(tx, kInsertCreditLines, kCreditLineWidth, params);
}

std::vector<CreditLineRow> ListCreditLinesOfDays(db::Transaction& tx,
                                                 const std::vector<std::string>& rep_ids,
                                                 absl::CivilDay first, absl::CivilDay end) {
  const std::string from = domain::DayText(first);
  const std::string to = domain::DayText(end);
  if (rep_ids.empty()) {
    return db::QueryAll(tx, kListCreditLinesOfDays, {from, to, from, to, from, to}, ReadCreditLine);
  }
  std::vector<CreditLineRow> rows;
  std::optional<db::RowReader> reader;
  QueryForReps(
      tx, rep_ids, &RepsCreditLinesOfDays,
      [&](const std::vector<db::SqlParam>& list) {
        std::vector<db::SqlParam> params = list;
        params.insert(params.end(), {from, to});
        params.insert(params.end(), list.begin(), list.end());
        params.insert(params.end(), {from, to, from, to});
        return params;
      },
      [&](sql::ResultSet& rs) { rows.push_back(ReadCreditLine(db::ReaderFor(reader, rs))); });
  return rows;
}

std::vector<CreditLineRow> ListCreditLinesOf(db::Transaction& tx, const std::vector<int64_t>& ids) {
  std::vector<CreditLineRow> rows =
      db::QueryInAll(tx, kListCreditLinesOfPrefix, {}, ids, ")", ReadCreditLine);
  std::sort(rows.begin(), rows.end(), [](const CreditLineRow& a, const CreditLineRow& b) {
    return a.credit_id != b.credit_id ? a.credit_id < b.credit_id : a.line_no < b.line_no;
  });
  return rows;
}

void InsertReturnLines(db::Transaction& tx, const std::string& return_name,
                       const std::vector<domain::SoldLine>& lines) {
  if (lines.empty()) return;
  std::vector<db::SqlParam> params;
  for (size_t i = 0; i < lines.size(); ++i) {
    params.push_back(return_name);
    params.push_back(static_cast<int64_t>(i + 1));
    params.push_back(lines[i].product);
    params.push_back(lines[i].category);
    params.push_back(lines[i].revenue);
    params.push_back(lines[i].cost);
    params.push_back(lines[i].units);
  }
  db::ExecRows(tx, kInsertReturnLines, 7, params);
}

std::vector<domain::SoldLine> ListReturnLines(db::Transaction& tx, const std::string& return_name) {
  return db::QueryAll(tx, kListReturnLines, {return_name}, [](const db::RowReader& r) {
    return domain::SoldLine{r.String("product"), r.String("category"), r.Int64("revenue"),
                            r.Int64("cost"), r.Int64("units")};
  });
}

}  // namespace sales::incentives::store
