// Croston's method for intermittent demand (Croston 1972, "Forecasting and stock control for
// intermittent demands", Operational Research Quarterly 23(3); Shenstone and Hyndman 2005,
// "Stochastic models underlying Croston's method for intermittent demand forecasting",
// Journal of Forecasting 24), as the forecast package's croston() computes it (R package
// forecast, R/forecast2.R, croston2): the non-zero demands z_1, z_2, ... and the intervals
// between them p_1, p_2, ... (p_1 counted from the start of the series: the 1-based index of
// the first demand) are each smoothed by simple exponential smoothing with the same α and the
// first value as the initial level (ses(initial = "simple")):
//   ẑ_j = ẑ_{j-1} + α (z_j - ẑ_{j-1}),  p̂_j = p̂_{j-1} + α (p_j - p̂_{j-1}),  ẑ_1 = z_1, p̂_1 = p_1
// and the forecast of every future period is the demand rate ẑ / p̂ after the last demand.
// The one-step-ahead forecast of period t + 1 is that rate after the demands up to t (as
// croston2's fitted values: croston2 on the first t values); period 1 has none.
#pragma once

#include <vector>

#include "absl/status/statusor.h"

namespace sales::analytics::domain {

// The forecast package's default smoothing parameter for croston().
inline constexpr double kCrostonAlpha = 0.1;

struct CrostonModel {
  double alpha = kCrostonAlpha;
  double demand_size = 0;      // ẑ after the last demand
  double interval = 0;         // p̂ after the last demand
  double rate = 0;             // ẑ / p̂: the forecast of every future period
  int demands = 0;             // non-zero values in the series
  int observations = 0;        // n
  double sse = 0;              // Σ (y_t - ŷ_t)² over t = 2 .. n (ŷ_t the one-step forecast)
  std::vector<double> fitted;  // ŷ_t for t = 2 .. n (n - 1 values)
};

// Croston's method over `series` (oldest first). INVALID_ARGUMENT naming `series` when it is
// empty, holds a negative or non-finite value (croston() refuses negative values), or has no
// demand at all; naming `alpha` outside (0, 1].
absl::StatusOr<CrostonModel> FitCroston(const std::vector<double>& series,
                                        double alpha = kCrostonAlpha);

}  // namespace sales::analytics::domain
