#include "services/analytics/src/store/kpi_sums_store.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

using domain::kMeasureCount;

// Every row of the statement is (tag, a number, kMeasureCount values): RollupStore's rows
// (RangesPart, tags 1 and 2, added up by RangeSums) and the rows below, whose values after
// those they use are zeros.
constexpr int64_t kOrdersPositionTag = -1;     // (tag, 0, position)
constexpr int64_t kCustomersPositionTag = -2;  // (tag, 0, position)
constexpr int64_t kInputTag = -3;              // (tag, segment, kind's index, amount)
static_assert(RollupStore::kDayRowTag > 0 && RollupStore::kMonthRowTag > 0);

// ", 0" for each of `count` value columns.
std::string ZeroColumns(int count) {
  std::string zeros;
  for (int i = 0; i < count; ++i) absl::StrAppend(&zeros, ", 0");
  return zeros;
}

void AddPart(StatementPart& to, StatementPart part) {
  absl::StrAppend(&to.sql, to.sql.empty() ? "" : " UNION ALL ", part.sql);
  to.params.insert(to.params.end(), std::make_move_iterator(part.params.begin()),
                   std::make_move_iterator(part.params.end()));
}

StatementPart PositionsPart() {
  static const std::string zeros = ZeroColumns(kMeasureCount - 1);
  return {absl::StrCat("SELECT CASE source WHEN ? THEN ", kOrdersPositionTag, " ELSE ",
                       kCustomersPositionTag, " END, 0, position", zeros,
                       " FROM consumer_checkpoints WHERE source IN (?, ?)"),
          {std::string("orders"), std::string("orders"), std::string("customers")}};
}

// The days where some range starts or ends, in order: segment j is [bounds[j],
// bounds[j + 1]), and each range is a run of whole segments.
std::vector<absl::CivilDay> SegmentBounds(
    const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges) {
  std::vector<absl::CivilDay> bounds;
  for (const auto& [from, to] : ranges) {
    bounds.push_back(from);
    bounds.push_back(to);
  }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  return bounds;
}

// The inputs of `kinds` summed per kind and segment of the days inside any of the ranges, in
// one SELECT (one per kind and range cost MariaDB more than the grouping: nine for the whole
// company); built from placeholders and tags only.
StatementPart InputsPart(const std::vector<domain::InputKind>& kinds,
                         const std::optional<std::string>& key,
                         const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges,
                         const std::vector<absl::CivilDay>& bounds) {
  static const std::string zeros = ZeroColumns(kMeasureCount - 2);
  StatementPart out;
  // Segment j holds the days from bounds[j] before bounds[j + 1] (the WHERE below keeps the
  // days of the ranges only); one segment needs no CASE.
  std::string segment = bounds.size() > 2 ? "CASE" : "0";
  for (size_t j = 1; j + 1 < bounds.size(); ++j) {
    absl::StrAppend(&segment, " WHEN day < ? THEN ", j - 1);
    out.params.emplace_back(DayText(bounds[j]));
  }
  if (bounds.size() > 2) absl::StrAppend(&segment, " ELSE ", bounds.size() - 2, " END");
  std::string kind = "CASE kind";
  for (size_t k = 0; k < kinds.size(); ++k) {
    absl::StrAppend(&kind, " WHEN ? THEN ", k);
    out.params.emplace_back(std::string(domain::InputKindKey(kinds[k])));
  }
  absl::StrAppend(&kind, " END");
  std::string in;
  for (const domain::InputKind k : kinds) {
    absl::StrAppend(&in, in.empty() ? "?" : ", ?");
    out.params.emplace_back(std::string(domain::InputKindKey(k)));
  }
  if (key.has_value()) out.params.emplace_back(*key);
  std::string any;
  for (const auto& [from, to] : ranges) {
    absl::StrAppend(&any, any.empty() ? "" : " OR ", "(day >= ? AND day < ?)");
    out.params.emplace_back(DayText(from));
    out.params.emplace_back(DayText(to));
  }
  out.sql = absl::StrCat("SELECT ", kInputTag, ", ", segment, " AS segment, ", kind,
                         " AS kind_index, SUM(amount)", zeros, " FROM input_days WHERE kind IN (",
                         in, ")", key.has_value() ? " AND input_key = ?" : "", " AND (", any,
                         ") GROUP BY kind_index, segment");
  return out;
}

}  // namespace

KpiSums ReadKpiSums(db::Transaction& tx, const RollupStore* rollup, const domain::SliceKey& slice,
                    const std::vector<domain::InputKind>& kinds,
                    const std::optional<std::string>& key,
                    const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges) {
  RangeSums sums(ranges);
  StatementPart statement = PositionsPart();
  if (rollup != nullptr && !ranges.empty()) AddPart(statement, rollup->RangesPart(slice, sums));
  const std::vector<absl::CivilDay> bounds = SegmentBounds(ranges);
  const bool inputs = !kinds.empty() && !ranges.empty();
  if (inputs) AddPart(statement, InputsPart(kinds, key, ranges, bounds));

  KpiSums out;
  out.inputs.assign(kinds.size(), std::vector<int64_t>(ranges.size(), 0));
  auto rs = tx.Query(statement.sql, statement.params);
  while (rs->next()) {
    if (sums.Add(*rs)) continue;
    const int64_t tag = rs->getInt64(1);
    if (tag == kOrdersPositionTag) {
      out.orders_position = rs->getInt64(3);
    } else if (tag == kCustomersPositionTag) {
      out.customers_position = rs->getInt64(3);
    } else if (tag == kInputTag) {
      const int64_t segment = rs->getInt64(2);
      const int64_t k = rs->getInt64(3);
      if (segment < 0 || segment + 1 >= static_cast<int64_t>(bounds.size()) || k < 0 ||
          k >= static_cast<int64_t>(kinds.size())) {
        continue;
      }
      // The segment's amount counts in every range that holds it.
      for (size_t r = 0; r < ranges.size(); ++r) {
        if (ranges[r].first <= bounds[segment] && bounds[segment + 1] <= ranges[r].second) {
          out.inputs[k][r] += rs->getInt64(4);
        }
      }
    }
  }
  if (rollup != nullptr) out.measures = std::move(sums).Take();
  return out;
}

}  // namespace sales::analytics::store
