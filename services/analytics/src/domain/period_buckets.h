// Consecutive calendar periods over a range of days, and daily measures summed into them:
// how a trend, a forecast's history and an anomaly check turn the daily rollup into a series.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/analytics/src/domain/measures.h"
#include "services/analytics/src/domain/periods.h"

namespace sales::analytics::domain {

// The periods of `granularity` (not custom) from the one holding `first_day` to the one
// holding `last_day`, oldest first, with no gap. INVALID_ARGUMENT naming `field` when they
// would be more than `max_periods`.
absl::StatusOr<std::vector<Period>> PeriodsCovering(Granularity granularity,
                                                    absl::CivilDay first_day,
                                                    absl::CivilDay last_day,
                                                    const absl::TimeZone& zone, int max_periods,
                                                    std::string_view field);

// The `count` (>= 1) consecutive periods of `granularity` (not custom) that end on or before
// `last_day` (the period holding it when it is its last day, else the one before), oldest
// first.
std::vector<Period> PeriodsEndingBy(Granularity granularity, absl::CivilDay last_day, int count,
                                    const absl::TimeZone& zone);

// The `count` periods of `granularity` that follow `period`, oldest first.
std::vector<Period> PeriodsAfter(const Period& period, int count, const absl::TimeZone& zone);

// `days` (sorted by day, days without measures left out) summed per period of `periods`
// (sorted, consecutive); days outside every period are ignored.
std::vector<Measures> SumPerPeriod(const std::vector<Period>& periods,
                                   const std::vector<std::pair<absl::CivilDay, Measures>>& days);

}  // namespace sales::analytics::domain
