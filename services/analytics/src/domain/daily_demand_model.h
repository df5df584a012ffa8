// The forecast of a product's daily demand in one warehouse that replenishment plans from,
// chosen by the demand's pattern:
// - intermittent demand, by the classification of Syntetos, Boylan and Croston 2005 ("On the
//   categorization of demand patterns", Journal of the Operational Research Society 56):
//   an average inter-demand interval ADI = n / (days with demand > 0) above their cut-off
//   1.32 (the intermittent and lumpy classes, which they assign to Croston-type methods):
//   Croston's method (croston.h, the forecast package's croston() with α = 0.1), one pass,
//   nothing to optimise. Only on a series without negative days (croston() refuses them; a
//   day with more restocked returns than sales is negative), else as smooth demand;
// - otherwise (smooth or erratic demand) the Holt-Winters form chosen by AICc (holt_winters.h,
//   season 7 days) among the additive-season and non-seasonal candidates only: the forecast
//   package's ets() with its default restrict = TRUE never fits an additive-error model with
//   a multiplicative season (R/ets.R: "Forbidden model combination", such models can have
//   infinite variance), and every candidate here has additive errors.
// σ, the one-step-ahead error's standard deviation: √sigma2 of the Holt-Winters model (SSE /
// (n - k)); for Croston, √(Σ e_t² / (n - 1)) over its n - 1 one-step forecasts (α is fixed,
// no parameter is estimated).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/src/domain/croston.h"
#include "services/analytics/src/domain/holt_winters.h"

namespace sales::analytics::domain {

// Syntetos, Boylan and Croston's cut-off of the average inter-demand interval.
inline constexpr double kIntermittentAdi = 1.32;

enum class DemandMethod { kHoltWinters, kCroston };

struct DemandPattern {
  int days = 0;               // n
  int demand_days = 0;        // days with demand > 0
  double adi = 0;             // n / demand_days (+infinity without a demand day)
  bool negative = false;      // some day below 0
  bool intermittent = false;  // adi > kIntermittentAdi, no negative day and a demand day
};

DemandPattern ClassifyDemand(const std::vector<double>& daily_units);

struct DailyDemandModel {
  DemandMethod method = DemandMethod::kHoltWinters;
  // The ETS name of the Holt-Winters form ("A,N,A"), or "Croston" (α in `croston`).
  std::string name;
  DemandPattern pattern;
  HoltWintersModel holt_winters;  // with kHoltWinters; its `fitted` left empty
  CrostonModel croston;           // with kCroston; its `fitted` left empty
  double sigma = 0;               // σ
  int candidates = 0;             // models fitted to choose it (1 for Croston)
};

// Fits the model of `daily_units` (oldest first, from the first day with a sale). Errors as
// SelectHoltWinters (INVALID_ARGUMENT naming `series` for a history too short for any model).
absl::StatusOr<DailyDemandModel> FitDailyDemand(const std::vector<double>& daily_units);

// Its forecasts of the `horizon` days after the history. INVALID_ARGUMENT naming `horizon`
// when < 1.
absl::StatusOr<std::vector<double>> ForecastDailyDemand(const DailyDemandModel& model, int horizon);

}  // namespace sales::analytics::domain
