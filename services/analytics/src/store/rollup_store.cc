#include "services/analytics/src/store/rollup_store.h"

#include <map>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

using domain::kMeasureColumns;
using domain::kMeasureCount;
using domain::Measures;

// The statement texts are built once from the fixed column list, never from values.
const std::string& UpsertPrefix() {
  static const std::string sql = absl::StrCat("INSERT INTO kpi_days (dim, member, day, ",
                                              absl::StrJoin(kMeasureColumns, ", "), ") VALUES ");
  return sql;
}

const std::string& UpsertSuffix() {
  static const std::string sql = [] {
    std::string s = " ON DUPLICATE KEY UPDATE ";
    for (int i = 0; i < kMeasureCount; ++i) {
      absl::StrAppend(&s, i == 0 ? "" : ", ", kMeasureColumns[i], " = ", kMeasureColumns[i],
                      " + VALUES(", kMeasureColumns[i], ")");
    }
    return s;
  }();
  return sql;
}

std::string SumList() {
  std::string s;
  for (int i = 0; i < kMeasureCount; ++i) {
    absl::StrAppend(&s, i == 0 ? "" : ", ", "COALESCE(SUM(", kMeasureColumns[i], "), 0)");
  }
  return s;
}

const std::string& SumSql() {
  static const std::string sql = absl::StrCat("SELECT ", SumList(),
                                              " FROM kpi_days WHERE dim = ? AND member = ? "
                                              "AND day >= ? AND day < ?");
  return sql;
}

const std::string& DailySql() {
  static const std::string sql =
      absl::StrCat("SELECT day, ", absl::StrJoin(kMeasureColumns, ", "),
                   " FROM kpi_days WHERE dim = ? AND member = ? AND day >= ? AND day < ? "
                   "ORDER BY day");
  return sql;
}

// Reads the measures from columns first .. first + kMeasureCount - 1 (1-based).
Measures ReadMeasures(sql::ResultSet& rs, int first) {
  Measures m;
  for (int i = 0; i < kMeasureCount; ++i) m.values[i] = rs.getInt64(first + i);
  return m;
}

}  // namespace

void AddDeltas(db::Transaction& tx, const std::vector<domain::DayDelta>& deltas) {
  // Sorted by key, so that concurrent writers would lock rows in one order.
  std::map<std::tuple<domain::Dimension, std::string, absl::CivilDay>, Measures> merged;
  for (const domain::DayDelta& d : deltas) {
    merged[{d.slice.dimension, d.slice.member, d.day}] += d.delta;
  }
  std::vector<db::SqlParam> params;
  params.reserve(merged.size() * (3 + kMeasureCount));
  for (const auto& [key, m] : merged) {
    if (m.IsZero()) continue;
    params.emplace_back(std::string(domain::DimensionKey(std::get<0>(key))));
    params.emplace_back(std::get<1>(key));
    params.emplace_back(DayText(std::get<2>(key)));
    for (int64_t v : m.values) params.emplace_back(v);
  }
  if (params.empty()) return;
  db::ExecRows(tx, UpsertPrefix(), 3 + kMeasureCount, params, UpsertSuffix());
}

Measures SumDays(db::Transaction& tx, const domain::SliceKey& slice, absl::CivilDay from,
                 absl::CivilDay to) {
  auto rs = tx.Query(SumSql(), {std::string(domain::DimensionKey(slice.dimension)), slice.member,
                                DayText(from), DayText(to)});
  return rs->next() ? ReadMeasures(*rs, 1) : Measures{};
}

std::vector<std::pair<absl::CivilDay, Measures>> DailyMeasures(db::Transaction& tx,
                                                               const domain::SliceKey& slice,
                                                               absl::CivilDay from,
                                                               absl::CivilDay to) {
  auto rs = tx.Query(DailySql(), {std::string(domain::DimensionKey(slice.dimension)), slice.member,
                                  DayText(from), DayText(to)});
  std::vector<std::pair<absl::CivilDay, Measures>> out;
  while (rs->next()) out.emplace_back(ReadDay(*rs, 1), ReadMeasures(*rs, 2));
  return out;
}

}  // namespace sales::analytics::store
