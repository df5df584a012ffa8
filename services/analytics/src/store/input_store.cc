#include "services/analytics/src/store/input_store.h"

#include "absl/strings/str_cat.h"
#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

constexpr char kDeleteDays[] =
    "DELETE FROM input_days WHERE kind = ? AND input_key = ? AND day >= ? AND day < ?";
constexpr char kInsertDaysPrefix[] =
    "INSERT INTO input_days (kind, input_key, day, amount) VALUES ";

constexpr char kDailyKey[] =
    "SELECT day, SUM(amount) FROM input_days WHERE kind = ? AND input_key = ? AND day >= ? "
    "AND day < ? GROUP BY day ORDER BY day";
constexpr char kDailyAll[] =
    "SELECT day, SUM(amount) FROM input_days WHERE kind = ? AND day >= ? AND day < ? "
    "GROUP BY day ORDER BY day";

// SumInputRanges' statement (built from placeholders only): per range, numbered, the sum
// per kind, in one statement.
std::string RangesSql(size_t kinds, bool with_key, size_t ranges) {
  std::string in;
  for (size_t k = 0; k < kinds; ++k) absl::StrAppend(&in, k == 0 ? "?" : ", ?");
  std::string sql;
  for (size_t r = 0; r < ranges; ++r) {
    absl::StrAppend(&sql, r == 0 ? "" : " UNION ALL ", "SELECT ", r,
                    ", kind, SUM(amount) FROM input_days WHERE kind IN (", in, ")",
                    with_key ? " AND input_key = ?" : "",
                    " AND day >= ? AND day < ? GROUP BY kind");
  }
  return sql;
}

}  // namespace

void SetInputDays(db::Transaction& tx, domain::InputKind kind, const std::string& key,
                  absl::CivilDay first, const std::vector<int64_t>& amounts) {
  const std::string kind_key = domain::InputKindKey(kind);
  const absl::CivilDay end = first + static_cast<int64_t>(amounts.size());
  tx.Exec(kDeleteDays, {kind_key, key, DayText(first), DayText(end)});
  std::vector<db::SqlParam> rows;
  rows.reserve(amounts.size() * 4);
  for (size_t i = 0; i < amounts.size(); ++i) {
    rows.insert(rows.end(), {kind_key, key, DayText(first + static_cast<int64_t>(i)), amounts[i]});
  }
  if (!rows.empty()) db::ExecRows(tx, kInsertDaysPrefix, 4, rows);
}

std::vector<std::vector<int64_t>> SumInputRanges(
    db::Transaction& tx, const std::vector<domain::InputKind>& kinds,
    const std::optional<std::string>& key,
    const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges) {
  std::vector<std::vector<int64_t>> out(kinds.size(), std::vector<int64_t>(ranges.size(), 0));
  if (kinds.empty() || ranges.empty()) return out;
  std::vector<db::SqlParam> params;
  for (const auto& [from, to] : ranges) {
    for (domain::InputKind kind : kinds)
      params.emplace_back(std::string(domain::InputKindKey(kind)));
    if (key.has_value()) params.emplace_back(*key);
    params.emplace_back(DayText(from));
    params.emplace_back(DayText(to));
  }
  auto rs = tx.Query(RangesSql(kinds.size(), key.has_value(), ranges.size()), params);
  while (rs->next()) {
    const int64_t r = rs->getInt64(1);
    const std::string kind = rs->getString(2);
    if (r < 0 || r >= static_cast<int64_t>(ranges.size())) continue;
    for (size_t k = 0; k < kinds.size(); ++k) {
      if (kind == domain::InputKindKey(kinds[k])) out[k][r] = rs->getInt64(3);
    }
  }
  return out;
}

std::vector<std::pair<absl::CivilDay, int64_t>> DailyInput(db::Transaction& tx,
                                                           domain::InputKind kind,
                                                           const std::optional<std::string>& key,
                                                           absl::CivilDay from, absl::CivilDay to) {
  const std::string kind_key = domain::InputKindKey(kind);
  auto rs = key.has_value() ? tx.Query(kDailyKey, {kind_key, *key, DayText(from), DayText(to)})
                            : tx.Query(kDailyAll, {kind_key, DayText(from), DayText(to)});
  std::vector<std::pair<absl::CivilDay, int64_t>> out;
  while (rs->next()) out.emplace_back(ReadDay(*rs, 1), rs->getInt64(2));
  return out;
}

}  // namespace sales::analytics::store
