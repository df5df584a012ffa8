#include "services/analytics/src/domain/forecast_value_added.h"

#include <cmath>

namespace sales::analytics::domain {

ForecastErrors ErrorsOf(const AdjustedForecast& f) {
  ForecastErrors e;
  e.statistical_absolute_error = std::abs(f.actual - f.statistical);
  e.adjusted_absolute_error = std::abs(f.actual - f.adjusted);
  e.fva_absolute_error = e.statistical_absolute_error - e.adjusted_absolute_error;
  if (f.actual != 0) {
    e.statistical_ape = 100.0 * e.statistical_absolute_error / std::abs(f.actual);
    e.adjusted_ape = 100.0 * e.adjusted_absolute_error / std::abs(f.actual);
    e.fva_ape = *e.statistical_ape - *e.adjusted_ape;
  }
  return e;
}

ForecastValueAddedTotals TotalsOf(const std::vector<AdjustedForecast>& periods) {
  ForecastValueAddedTotals t;
  double stat_ae = 0;
  double adj_ae = 0;
  double stat_ape = 0;
  double adj_ape = 0;
  for (const AdjustedForecast& f : periods) {
    const ForecastErrors e = ErrorsOf(f);
    ++t.periods;
    stat_ae += e.statistical_absolute_error;
    adj_ae += e.adjusted_absolute_error;
    if (e.adjusted_absolute_error < e.statistical_absolute_error) ++t.improved;
    if (e.adjusted_absolute_error > e.statistical_absolute_error) ++t.worsened;
    if (e.statistical_ape.has_value()) {
      ++t.mape_periods;
      stat_ape += *e.statistical_ape;
      adj_ape += *e.adjusted_ape;
    }
  }
  if (t.periods > 0) {
    t.statistical_mae = stat_ae / t.periods;
    t.adjusted_mae = adj_ae / t.periods;
    t.fva_mae = t.statistical_mae - t.adjusted_mae;
  }
  if (t.mape_periods > 0) {
    t.statistical_mape = stat_ape / t.mape_periods;
    t.adjusted_mape = adj_ape / t.mape_periods;
    t.fva_mape = *t.statistical_mape - *t.adjusted_mape;
  }
  return t;
}

}  // namespace sales::analytics::domain
