#include "services/analytics/src/store/rollup_store.h"

#include <algorithm>
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

std::string UpsertPrefix(TableSet set) {
  return absl::StrCat("INSERT INTO kpi_days", TableSuffix(set), " (dim, member, day, ",
                      absl::StrJoin(kMeasureColumns, ", "), ") VALUES ");
}

std::string UpsertSuffix() {
  std::string s = " ON DUPLICATE KEY UPDATE ";
  for (int i = 0; i < kMeasureCount; ++i) {
    absl::StrAppend(&s, i == 0 ? "" : ", ", kMeasureColumns[i], " = ", kMeasureColumns[i],
                    " + VALUES(", kMeasureColumns[i], ")");
  }
  return s;
}

std::string Sums() {
  std::string sums;
  for (int i = 0; i < kMeasureCount; ++i) {
    absl::StrAppend(&sums, i == 0 ? "" : ", ", "COALESCE(SUM(", kMeasureColumns[i], "), 0)");
  }
  return sums;
}

// SumRanges' statement for `count` ranges: the measures summed over each range, numbered,
// in one statement (one round trip; each part reads its own index range, where one SELECT
// of sums per range in CASE expressions costs MariaDB more than the trips).
std::string RangesSql(const std::string& suffix, size_t count) {
  std::string sql;
  for (size_t r = 0; r < count; ++r) {
    absl::StrAppend(&sql, r == 0 ? "" : " UNION ALL ", "SELECT ", r, ", ", Sums(), " FROM kpi_days",
                    suffix, " WHERE dim = ? AND member = ? AND day >= ? AND day < ?");
  }
  return sql;
}

std::string ByMemberSql(TableSet set) {
  return absl::StrCat("SELECT member, ", Sums(), " FROM kpi_days", TableSuffix(set),
                      " WHERE dim = ? AND day >= ? AND day < ? GROUP BY member ORDER BY member");
}

std::string DailySql(TableSet set) {
  return absl::StrCat("SELECT day, ", absl::StrJoin(kMeasureColumns, ", "), " FROM kpi_days",
                      TableSuffix(set),
                      " WHERE dim = ? AND member = ? AND day >= ? AND day < ? ORDER BY day");
}

// Reads the measures from columns first .. first + kMeasureCount - 1 (1-based).
Measures ReadMeasures(sql::ResultSet& rs, int first) {
  Measures m;
  for (int i = 0; i < kMeasureCount; ++i) m.values[i] = rs.getInt64(first + i);
  return m;
}

}  // namespace

RollupStore::RollupStore(TableSet set)
    : table_suffix_(TableSuffix(set)),
      upsert_prefix_(UpsertPrefix(set)),
      upsert_suffix_(UpsertSuffix()),
      by_member_sql_(ByMemberSql(set)),
      daily_sql_(DailySql(set)) {}

void RollupDeltas::Add(const std::vector<domain::DayDelta>& deltas) {
  // One event's deltas merged first: a key whose deltas cancel out within the event is not
  // a row it writes.
  std::vector<const domain::DayDelta*> sorted;
  sorted.reserve(deltas.size());
  for (const domain::DayDelta& d : deltas) sorted.push_back(&d);
  auto key_less = [](const domain::DayDelta* a, const domain::DayDelta* b) {
    return std::tie(a->slice.dimension, a->slice.member, a->day) <
           std::tie(b->slice.dimension, b->slice.member, b->day);
  };
  std::sort(sorted.begin(), sorted.end(), key_less);
  for (size_t i = 0; i < sorted.size();) {
    Measures sum = sorted[i]->delta;
    size_t j = i + 1;
    for (; j < sorted.size() && !key_less(sorted[i], sorted[j]); ++j) sum += sorted[j]->delta;
    if (!sum.IsZero()) {
      const domain::DayDelta& d = *sorted[i];
      rows_[Key{d.slice.dimension, d.slice.member, d.day}] += sum;
    }
    i = j;
  }
}

void RollupStore::AddDeltas(db::Transaction& tx,
                            const std::vector<domain::DayDelta>& deltas) const {
  RollupDeltas merged;
  merged.Add(deltas);
  Add(tx, merged);
}

void RollupStore::Add(db::Transaction& tx, const RollupDeltas& deltas) const {
  // Sorted by key, so that concurrent writers lock rows in one order.
  std::vector<const std::pair<const RollupDeltas::Key, Measures>*> rows;
  rows.reserve(deltas.rows_.size());
  for (const auto& row : deltas.rows_) rows.push_back(&row);
  std::sort(rows.begin(), rows.end(),
            [](const auto* a, const auto* b) { return a->first < b->first; });
  std::vector<db::SqlParam> params;
  params.reserve(rows.size() * (3 + kMeasureCount));
  for (const auto* row : rows) {
    const RollupDeltas::Key& key = row->first;
    params.emplace_back(std::string(domain::DimensionKey(key.dimension)));
    params.emplace_back(key.member);
    params.emplace_back(DayText(key.day));
    for (int64_t v : row->second.values) params.emplace_back(v);
  }
  if (params.empty()) return;
  db::ExecRows(tx, upsert_prefix_, 3 + kMeasureCount, params, upsert_suffix_);
}

std::vector<Measures> RollupStore::SumRanges(
    db::Transaction& tx, const domain::SliceKey& slice,
    const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges) const {
  if (ranges.empty()) return {};
  std::vector<db::SqlParam> params;
  params.reserve(ranges.size() * 4);
  for (const auto& [from, to] : ranges) {
    params.emplace_back(std::string(domain::DimensionKey(slice.dimension)));
    params.emplace_back(slice.member);
    params.emplace_back(DayText(from));
    params.emplace_back(DayText(to));
  }
  auto rs = tx.Query(RangesSql(table_suffix_, ranges.size()), params);
  std::vector<Measures> out(ranges.size());
  while (rs->next()) {
    const int64_t r = rs->getInt64(1);
    if (r >= 0 && r < static_cast<int64_t>(out.size())) out[r] = ReadMeasures(*rs, 2);
  }
  return out;
}

std::vector<std::pair<std::string, Measures>> RollupStore::SumByMember(db::Transaction& tx,
                                                                       domain::Dimension dimension,
                                                                       absl::CivilDay from,
                                                                       absl::CivilDay to) const {
  auto rs = tx.Query(by_member_sql_,
                     {std::string(domain::DimensionKey(dimension)), DayText(from), DayText(to)});
  std::vector<std::pair<std::string, Measures>> out;
  while (rs->next()) out.emplace_back(rs->getString(1), ReadMeasures(*rs, 2));
  return out;
}

std::vector<std::pair<absl::CivilDay, Measures>> RollupStore::DailyMeasures(
    db::Transaction& tx, const domain::SliceKey& slice, absl::CivilDay from,
    absl::CivilDay to) const {
  auto rs = tx.Query(daily_sql_, {std::string(domain::DimensionKey(slice.dimension)), slice.member,
                                  DayText(from), DayText(to)});
  std::vector<std::pair<absl::CivilDay, Measures>> out;
  while (rs->next()) out.emplace_back(ReadDay(*rs, 1), ReadMeasures(*rs, 2));
  return out;
}

}  // namespace sales::analytics::store
