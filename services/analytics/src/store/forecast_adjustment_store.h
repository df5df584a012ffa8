// Managers' adjustments of the statistical forecast (forecast_adjustments): recorded, and
// read back per forecast (measure, granularity, slice) over a range of periods.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"

namespace sales::analytics::store {

// Which forecast: measure ("revenue", "units"), granularity ("day", "iso_week", "month")
// and the slice as kpi_days names it.
struct ForecastKey {
  std::string measure;
  std::string granularity;
  std::string dim;
  std::string member;
};

struct ForecastAdjustmentRow {
  int64_t id = 0;
  absl::CivilDay period_first_day;
  double statistical_value = 0;
  std::string statistical_model;
  absl::CivilDay history_last_day;
  int64_t adjusted_value = 0;
  std::string author;
  std::string reason;
  absl::Time create_time;
};

// Inserts `row` (its id ignored) for `key`; returns the new id.
int64_t InsertForecastAdjustment(db::Transaction& tx, const ForecastKey& key,
                                 const ForecastAdjustmentRow& row);

// The adjustments of `key` whose period starts on a day in [first_day, end_day), by period
// then id (the latest of a period last).
std::vector<ForecastAdjustmentRow> LoadForecastAdjustments(db::Transaction& tx,
                                                           const ForecastKey& key,
                                                           absl::CivilDay first_day,
                                                           absl::CivilDay end_day);

}  // namespace sales::analytics::store
