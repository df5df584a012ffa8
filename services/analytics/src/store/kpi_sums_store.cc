#include "services/analytics/src/store/kpi_sums_store.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

using domain::kMeasureCount;

// Every row of the statement is (tag, kMeasureCount values), as RollupStore::RangesPart's:
// a tag >= 0 is a rollup range, the negative tags below are the other rows, which fill their
// value columns after the first with zeros.
constexpr int64_t kOrdersPositionTag = -1;
constexpr int64_t kCustomersPositionTag = -2;
// The input of kinds[k] over ranges[r]: kFirstInputTag - (k * ranges + r).
constexpr int64_t kFirstInputTag = -3;

// ", 0" for each value column after the first.
std::string ZeroColumns() {
  std::string zeros;
  for (int i = 1; i < kMeasureCount; ++i) absl::StrAppend(&zeros, ", 0");
  return zeros;
}

void AddPart(StatementPart& to, StatementPart part) {
  absl::StrAppend(&to.sql, to.sql.empty() ? "" : " UNION ALL ", part.sql);
  to.params.insert(to.params.end(), std::make_move_iterator(part.params.begin()),
                   std::make_move_iterator(part.params.end()));
}

StatementPart PositionsPart(const std::string& zeros) {
  return {absl::StrCat("SELECT CASE source WHEN ? THEN ", kOrdersPositionTag, " ELSE ",
                       kCustomersPositionTag, " END, position", zeros,
                       " FROM consumer_checkpoints WHERE source IN (?, ?)"),
          {std::string("orders"), std::string("orders"), std::string("customers")}};
}

// One row per kind and range (each reads its own index range; built from placeholders and
// tags only).
StatementPart InputsPart(const std::vector<domain::InputKind>& kinds,
                         const std::optional<std::string>& key,
                         const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges,
                         const std::string& zeros) {
  StatementPart out;
  for (size_t k = 0; k < kinds.size(); ++k) {
    for (size_t r = 0; r < ranges.size(); ++r) {
      const int64_t tag = kFirstInputTag - static_cast<int64_t>(k * ranges.size() + r);
      StatementPart part{
          absl::StrCat("SELECT ", tag, ", COALESCE(SUM(amount), 0)", zeros,
                       " FROM input_days WHERE kind = ?",
                       key.has_value() ? " AND input_key = ?" : "", " AND day >= ? AND day < ?"),
          {std::string(domain::InputKindKey(kinds[k]))}};
      if (key.has_value()) part.params.emplace_back(*key);
      part.params.emplace_back(DayText(ranges[r].first));
      part.params.emplace_back(DayText(ranges[r].second));
      AddPart(out, std::move(part));
    }
  }
  return out;
}

}  // namespace

KpiSums ReadKpiSums(db::Transaction& tx, const RollupStore* rollup, const domain::SliceKey& slice,
                    const std::vector<domain::InputKind>& kinds,
                    const std::optional<std::string>& key,
                    const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges) {
  static const std::string zeros = ZeroColumns();
  StatementPart statement = PositionsPart(zeros);
  if (rollup != nullptr && !ranges.empty()) AddPart(statement, rollup->RangesPart(slice, ranges));
  if (!kinds.empty()) AddPart(statement, InputsPart(kinds, key, ranges, zeros));

  KpiSums out;
  if (rollup != nullptr) out.measures.resize(ranges.size());
  out.inputs.assign(kinds.size(), std::vector<int64_t>(ranges.size(), 0));
  const int64_t input_tags = static_cast<int64_t>(kinds.size() * ranges.size());
  auto rs = tx.Query(statement.sql, statement.params);
  while (rs->next()) {
    const int64_t tag = rs->getInt64(1);
    if (tag >= 0 && tag < static_cast<int64_t>(out.measures.size())) {
      out.measures[tag] += RollupStore::ReadMeasures(*rs, 2);
    } else if (tag == kOrdersPositionTag) {
      out.orders_position = rs->getInt64(2);
    } else if (tag == kCustomersPositionTag) {
      out.customers_position = rs->getInt64(2);
    } else if (tag <= kFirstInputTag && kFirstInputTag - tag < input_tags) {
      const int64_t i = kFirstInputTag - tag;
      out.inputs[i / ranges.size()][i % ranges.size()] = rs->getInt64(2);
    }
  }
  return out;
}

}  // namespace sales::analytics::store
