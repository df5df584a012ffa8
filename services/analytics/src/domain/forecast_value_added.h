// Forecast value added (FVA): the accuracy of a statistical forecast and of a manager's
// adjustment of it, once the actual is known. Definitions (Hyndman and Athanasopoulos,
// Forecasting: Principles and Practice, 3rd ed., 5.8): e = actual - forecast, absolute
// error |e|, APE = 100 |e| / |actual| (undefined when the actual is 0), MAE = mean |e|,
// MAPE = mean APE over the periods where it is defined. FVA (Gilliland, The Business
// Forecasting Deal, 2010, ch. 5) = the statistical forecast's error - the adjusted one's:
// positive when the adjustment improved the forecast.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace sales::analytics::domain {

struct AdjustedForecast {
  double statistical = 0;
  double adjusted = 0;
  double actual = 0;
};

struct ForecastErrors {
  double statistical_absolute_error = 0;
  double adjusted_absolute_error = 0;
  std::optional<double> statistical_ape;  // percent; none when the actual is 0
  std::optional<double> adjusted_ape;
  double fva_absolute_error = 0;  // statistical - adjusted
  std::optional<double> fva_ape;  // percentage points
};

ForecastErrors ErrorsOf(const AdjustedForecast& f);

struct ForecastValueAddedTotals {
  int periods = 0;
  double statistical_mae = 0;
  double adjusted_mae = 0;
  double fva_mae = 0;
  int mape_periods = 0;
  std::optional<double> statistical_mape;
  std::optional<double> adjusted_mape;
  std::optional<double> fva_mape;
  int improved = 0;  // adjusted absolute error < statistical
  int worsened = 0;  // adjusted absolute error > statistical
};

// Totals over `periods` (each with a known actual); all zero when empty.
ForecastValueAddedTotals TotalsOf(const std::vector<AdjustedForecast>& periods);

}  // namespace sales::analytics::domain
