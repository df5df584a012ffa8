// What the forecast, anomaly and promotion-lift answers are computed from: a measure's
// series per period (revenue or units), the season length of a granularity, where a
// slice's history starts, and the baseline a promotion is measured against.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/src/domain/measures.h"
#include "services/analytics/src/domain/periods.h"

namespace sales::analytics::domain {

enum class SeriesMeasure {
  kRevenue,  // revenue net of discounts and refunds, minor units (KpiFigures.revenue_minor)
  kUnits,    // units sold on orders not cancelled
  kMargin,   // revenue - cost, minor units (KpiFigures.gross_margin_minor)
};

// The value of `measure` in summed measures.
double MeasureValue(SeriesMeasure measure, const Measures& sums);

// The values of `measure`, one per element of `sums`.
std::vector<double> SeriesOf(SeriesMeasure measure, const std::vector<Measures>& sums);

// The season length of a granularity's periods: 7 (days in a week), 52 (ISO weeks in a
// year; a 53rd week shifts the season by one), 12 (months); 1 otherwise (no season).
int SeasonLengthOf(Granularity granularity);

// The index of the first non-zero value (values.size() when every value is 0): a slice's
// history starts with its first sale, not with the periods before the business sold it.
size_t FirstNonZero(const std::vector<double>& values);

// The default history length of a granularity, in periods: 364 days, 156 ISO weeks, 60
// months (enough for the backtest of a seasonal form: two seasons plus its origins).
int DefaultHistoryPeriods(Granularity granularity);

// A baseline: what the model chosen by AICc on the history forecasts for the next
// `horizon` periods, summed.
struct Baseline {
  double total = 0;
  std::string model;  // ETS name of the chosen form
};

// SelectHoltWinters on `history` and the sum of its `horizon` point forecasts. Errors as
// SelectHoltWinters and PointForecasts.
absl::StatusOr<Baseline> ForecastBaseline(const std::vector<double>& history, int season_length,
                                          int horizon);

}  // namespace sales::analytics::domain
