// The daily rollup (kpi_days): deltas added as events arrive, and the sums every KPI answer
// reads, a year being at most 366 rows of one slice member.
#pragma once

#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/measures.h"

namespace sales::analytics::store {

// Adds `deltas` to the rollup (one multi-row upsert; deltas of one day and slice merged).
void AddDeltas(db::Transaction& tx, const std::vector<domain::DayDelta>& deltas);

// The measures of `slice` summed over the days [from, to).
domain::Measures SumDays(db::Transaction& tx, const domain::SliceKey& slice, absl::CivilDay from,
                         absl::CivilDay to);

// The measures of `slice` per day over [from, to), days without a row left out, oldest first.
std::vector<std::pair<absl::CivilDay, domain::Measures>> DailyMeasures(
    db::Transaction& tx, const domain::SliceKey& slice, absl::CivilDay from, absl::CivilDay to);

}  // namespace sales::analytics::store
