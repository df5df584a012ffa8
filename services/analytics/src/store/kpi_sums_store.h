// What a KPI answer reads besides the facts, in one statement: the feeds' positions, a
// slice's rollup sums over ranges, and the inputs over the same ranges. One statement is one
// round trip and one read view (InnoDB gives each statement its own consistent read at READ
// COMMITTED), so the sums include exactly what the positions say even outside a snapshot,
// and a GetKpis of a rollup slice is one statement in autocommit instead of six round trips.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/inputs.h"
#include "services/analytics/src/domain/measures.h"
#include "services/analytics/src/store/rollup_store.h"

namespace sales::analytics::store {

struct KpiSums {
  // The consumers' positions in the orders and customers feeds (0 before the first batch).
  int64_t orders_position = 0;
  int64_t customers_position = 0;
  // The rollup's measures per range (empty when no rollup was asked for).
  std::vector<domain::Measures> measures;
  // [k][r]: inputs of kinds[k] over ranges[r].
  std::vector<std::vector<int64_t>> inputs;
};

// Reads the positions, the measures of `slice` over each of `ranges` ([from, to) days; they
// may overlap) from `rollup` unless it is null, and the inputs of `kinds` (for `key`, or
// every key when it is empty) over the same ranges, in one statement.
KpiSums ReadKpiSums(db::Transaction& tx, const RollupStore* rollup, const domain::SliceKey& slice,
                    const std::vector<domain::InputKind>& kinds,
                    const std::optional<std::string>& key,
                    const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges);

}  // namespace sales::analytics::store
