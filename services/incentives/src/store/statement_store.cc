#include "services/incentives/src/store/statement_store.h"

#include <algorithm>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/db/batches.h"
#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/store/packed_lines.h"
#include "services/incentives/src/store/rep_lists.h"
#include "services/incentives/src/store/rows.h"

namespace sales::incentives::store {
namespace {

constexpr char kListLocked[] = "SELECT period FROM locked_periods ORDER BY period";
// The guard's one row. LOCK IN SHARE MODE rather than FOR SHARE: MariaDB 10.11 knows only the
// former, MySQL 8 both.
constexpr char kGuardShared[] = "SELECT id FROM period_guard WHERE id = 1 LOCK IN SHARE MODE";
constexpr char kGuardExclusive[] = "SELECT id FROM period_guard WHERE id = 1 FOR UPDATE";
constexpr char kInsertLocked[] = "INSERT INTO locked_periods (period, locked_at) VALUES (?, ?)";

constexpr char kInsertStatement[] =
    "INSERT INTO statements (rep_id, period, plan_id, version, total, draw_balance, body, "
    "locked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kStatementColumns[] =
    "SELECT id, rep_id, period, plan_id, version, total, draw_balance, body, locked_at "
    "FROM statements ";
const std::string kFindStatement =
    std::string(kStatementColumns) + "WHERE rep_id = ? AND period = ?";
const std::string kListStatements =
    std::string(kStatementColumns) + "WHERE period = ? ORDER BY rep_id";
std::string StatementsOfReps(const std::string& list) {
  return std::string(kStatementColumns) + "WHERE period = ? AND rep_id IN (" + list + ")";
}

constexpr char kInsertStatementCredits[] =
    "INSERT INTO statement_credits (credit_id, statement_id, rep_id, home_period) VALUES ";
constexpr char kListAccounted[] =
    "SELECT credit_id FROM statement_credits WHERE rep_id = ? AND home_period = ? "
    "ORDER BY credit_id";

constexpr char kCreditColumns[] =
    "SELECT c.id, c.order_name, c.rep_id, c.revenue, c.margin, c.units, "
    "DATE_FORMAT(c.day, '%Y-%m-%d') AS day, c.reverses_id, "
    "DATE_FORMAT(c.original_day, '%Y-%m-%d') AS original_day, c.packed_lines FROM credits c ";
// Two index ranges, each credit once: those of the days, then those of the original days
// whose own day is outside them (UNION ALL: no duplicate to remove).
constexpr char kOtherDays[] = " AND NOT (c.day >= ? AND c.day < ?)";
const std::string kCreditsOfDays = std::string(kCreditColumns) +
                                   "WHERE c.day >= ? AND c.day < ? UNION ALL " + kCreditColumns +
                                   "WHERE c.original_day >= ? AND c.original_day < ?" + kOtherDays;
// The same for the reps of `list` ("?, ?, ..."): parameters reps, from, to, from, to, reps,
// from, to.
std::string RepsCreditsOfDays(const std::string& list) {
  return std::string(kCreditColumns) + "WHERE c.rep_id IN (" + list +
         ") AND c.day >= ? AND c.day < ? UNION ALL " + kCreditColumns +
         "WHERE c.original_day >= ? AND c.original_day < ? AND c.rep_id IN (" + list + ")" +
         kOtherDays;
}
constexpr char kUnaccounted[] =
    "LEFT JOIN statement_credits sc ON sc.credit_id = c.id WHERE sc.credit_id IS NULL AND ";
const std::string kUnaccountedOfDays =
    std::string(kCreditColumns) + kUnaccounted + "c.day >= ? AND c.day < ? UNION ALL " +
    kCreditColumns + kUnaccounted + "c.original_day >= ? AND c.original_day < ?" + kOtherDays;
std::string RepsUnaccountedOfDays(const std::string& list) {
  return std::string(kCreditColumns) + kUnaccounted + "c.rep_id IN (" + list +
         ") AND c.day >= ? AND c.day < ? UNION ALL " + kCreditColumns + kUnaccounted +
         "c.original_day >= ? AND c.original_day < ? AND c.rep_id IN (" + list + ")" + kOtherDays;
}
const std::string kCreditsByIdsPrefix = std::string(kCreditColumns) + "WHERE c.id IN (";

constexpr char kRepTargets[] =
    "SELECT owner_key, amount FROM targets WHERE owner_kind = 3 AND metric = ? AND period = ?";
// The same for the reps of `list` ("?, ?, ..."): parameters metric, period, reps.
std::string RepsTargets(const std::string& list) {
  return std::string(kRepTargets) + " AND owner_key IN (" + list + ")";
}

StatementCreditRow ReadCredit(const db::RowReader& r) {
  StatementCreditRow row;
  row.rep_id = r.String("rep_id");
  domain::StatementCredit& c = row.credit;
  c.id = r.Int64("id");
  c.order = r.String("order_name");
  c.amounts = {r.Int64("revenue"), r.Int64("margin"), r.Int64("units")};
  c.day = ReadDay(r, "day");
  c.reverses_id = r.Int64OrZero("reverses_id");
  c.original_day = ReadDay(r, "original_day");
  if (!r.IsNull("packed_lines")) {
    absl::StatusOr<std::vector<domain::CreditLine>> lines = UnpackLines(r.String("packed_lines"));
    // As the row mapping refuses a bad value: RunInTransaction maps it to INTERNAL.
    if (!lines.ok()) {
      throw sql::SQLException(
          absl::StrCat("row mapping: credits/", c.id, " ", lines.status().message()), "HY000",
          db::kErrBadRowValue);
    }
    c.lines = *std::move(lines);
  }
  return row;
}

// The credits of `reps` by `text` (RepsCreditsOfDays or RepsUnaccountedOfDays) of days
// [from, to).
std::vector<StatementCreditRow> CreditsOfReps(db::Transaction& tx,
                                              const std::vector<std::string>& reps,
                                              std::string (*text)(const std::string&),
                                              const std::string& from, const std::string& to) {
  std::vector<StatementCreditRow> rows;
  std::optional<db::RowReader> reader;
  QueryForReps(
      tx, reps, text,
      [&](const std::vector<db::SqlParam>& list) {
        std::vector<db::SqlParam> params = list;
        params.insert(params.end(), {from, to, from, to});
        params.insert(params.end(), list.begin(), list.end());
        params.insert(params.end(), {from, to});
        return params;
      },
      [&](sql::ResultSet& rs) { rows.push_back(ReadCredit(db::ReaderFor(reader, rs))); });
  return rows;
}

std::vector<StatementCreditRow> ById(std::vector<StatementCreditRow> rows) {
  std::sort(rows.begin(), rows.end(), [](const StatementCreditRow& a, const StatementCreditRow& b) {
    return a.credit.id < b.credit.id;
  });
  return rows;
}

}  // namespace

StatementRow StatementRow::Read(const db::RowReader& r) {
  StatementRow row;
  row.id = r.Int64("id");
  row.rep_id = r.String("rep_id");
  row.period = r.String("period");
  row.plan_id = r.Int64("plan_id");
  row.version = r.Int32("version");
  row.total = r.Int64("total");
  row.draw_balance = r.Int64("draw_balance");
  absl::Base64Unescape(ToAbsl(r.String("body")), &row.body);
  row.locked_at = r.Time("locked_at");
  return row;
}

std::vector<std::string> ListLockedPeriods(db::Transaction& tx) {
  return db::QueryAll(tx, kListLocked, {},
                      [](const db::RowReader& r) { return r.String("period"); });
}

std::vector<std::string> ListLockedPeriodsGuarded(db::Transaction& tx, PeriodGuard guard) {
  // The guard row first; the locked months after it, by a statement of its own that (READ
  // COMMITTED) sees what committed while this one waited.
  auto rs = tx.Query(guard == PeriodGuard::kShared ? kGuardShared : kGuardExclusive);
  if (!rs->next()) {
    throw sql::SQLException("row mapping: period_guard has no row (migration V006)", "HY000",
                            db::kErrBadRowValue);
  }
  return ListLockedPeriods(tx);
}

void InsertLockedPeriod(db::Transaction& tx, const std::string& period, absl::Time at) {
  tx.Exec(kInsertLocked, {period, at});
}

int64_t InsertStatement(db::Transaction& tx, const StatementRow& row) {
  tx.Exec(kInsertStatement,
          {row.rep_id, row.period, row.plan_id, int64_t{row.version}, row.total, row.draw_balance,
           absl::Base64Escape(ToAbsl(row.body)), row.locked_at});
  return tx.LastInsertId();
}

std::optional<StatementRow> FindStatement(db::Transaction& tx, const std::string& rep_id,
                                          const std::string& period) {
  return db::QueryOne<StatementRow>(tx, kFindStatement, {rep_id, period});
}

std::vector<StatementRow> ListStatementsOfPeriod(db::Transaction& tx, const std::string& period) {
  return db::QueryAll<StatementRow>(tx, kListStatements, {period});
}

std::vector<StatementRow> ListStatementsOfReps(db::Transaction& tx, const std::string& period,
                                               const std::vector<std::string>& rep_ids) {
  std::vector<StatementRow> rows;
  std::optional<db::RowReader> reader;
  QueryForReps(
      tx, rep_ids, &StatementsOfReps,
      [&](const std::vector<db::SqlParam>& list) {
        std::vector<db::SqlParam> params{period};
        params.insert(params.end(), list.begin(), list.end());
        return params;
      },
      [&](sql::ResultSet& rs) { rows.push_back(StatementRow::Read(db::ReaderFor(reader, rs))); });
  std::sort(rows.begin(), rows.end(),
            [](const StatementRow& a, const StatementRow& b) { return a.rep_id < b.rep_id; });
  return rows;
}

void InsertStatementCredits(db::Transaction& tx, int64_t statement_id, const std::string& rep_id,
                            const std::string& home_period,
                            const std::vector<int64_t>& credit_ids) {
  if (credit_ids.empty()) return;
  std::vector<db::SqlParam> params;
  params.reserve(credit_ids.size() * 4);
  for (int64_t id : credit_ids) {
    params.push_back(id);
    params.push_back(statement_id);
    params.push_back(rep_id);
    params.push_back(home_period);
  }
  db::ExecRows(tx, kInsertStatementCredits, 4, params);
}

std::vector<int64_t> ListAccountedCredits(db::Transaction& tx, const std::string& rep_id,
                                          const std::string& home_period) {
  return db::QueryAll(tx, kListAccounted, {rep_id, home_period},
                      [](const db::RowReader& r) { return r.Int64("credit_id"); });
}

std::vector<StatementCreditRow> ListCreditsOfDays(db::Transaction& tx,
                                                  const std::vector<std::string>& rep_ids,
                                                  absl::CivilDay first, absl::CivilDay end) {
  const std::string from = domain::DayText(first);
  const std::string to = domain::DayText(end);
  if (rep_ids.empty()) {
    return ById(db::QueryAll(tx, kCreditsOfDays, {from, to, from, to, from, to}, ReadCredit));
  }
  return ById(CreditsOfReps(tx, rep_ids, &RepsCreditsOfDays, from, to));
}

std::vector<StatementCreditRow> ListUnaccountedCredits(db::Transaction& tx,
                                                       const std::vector<std::string>& rep_ids,
                                                       absl::CivilDay first, absl::CivilDay end) {
  const std::string from = domain::DayText(first);
  const std::string to = domain::DayText(end);
  if (rep_ids.empty()) {
    return ById(db::QueryAll(tx, kUnaccountedOfDays, {from, to, from, to, from, to}, ReadCredit));
  }
  return ById(CreditsOfReps(tx, rep_ids, &RepsUnaccountedOfDays, from, to));
}

std::vector<StatementCreditRow> ListCreditsByIds(db::Transaction& tx,
                                                 const std::vector<int64_t>& ids) {
  return ById(db::QueryInAll(tx, kCreditsByIdsPrefix, {}, ids, ")", ReadCredit));
}

std::map<std::string, int64_t> RepTargets(db::Transaction& tx, int metric,
                                          const std::string& period,
                                          const std::vector<std::string>& rep_ids) {
  std::map<std::string, int64_t> out;
  std::optional<db::RowReader> reader;
  auto on_row = [&](sql::ResultSet& rs) {
    const db::RowReader& r = db::ReaderFor(reader, rs);
    out[r.String("owner_key")] = r.Int64("amount");
  };
  if (rep_ids.empty()) {
    auto rs = tx.Query(kRepTargets, {int64_t{metric}, period});
    while (rs->next()) on_row(*rs);
    return out;
  }
  QueryForReps(
      tx, rep_ids, &RepsTargets,
      [&](const std::vector<db::SqlParam>& list) {
        std::vector<db::SqlParam> params = {int64_t{metric}, period};
        params.insert(params.end(), list.begin(), list.end());
        return params;
      },
      on_row);
  return out;
}

}  // namespace sales::incentives::store
