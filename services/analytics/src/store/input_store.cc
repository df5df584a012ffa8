#include "services/analytics/src/store/input_store.h"

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
