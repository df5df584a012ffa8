// Anomalies: the periods whose actual value falls outside the forecast's prediction interval
// (FPP3 §5.5: an interval at level L holds the actual with probability L when the model is
// right, so an actual outside a 95% interval happens by chance once in twenty periods),
// with how far outside and in which direction.
#pragma once

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/src/domain/holt_winters.h"

namespace sales::analytics::domain {

enum class AnomalyDirection { kAbove, kBelow };

struct Anomaly {
  int index = 0;  // position in the periods given
  AnomalyDirection direction = AnomalyDirection::kAbove;
  double actual = 0;
  double forecast = 0;  // the point forecast
  double bound = 0;     // the interval bound crossed: upper when above, lower when below
  // actual - bound: > 0 above the interval, < 0 below it.
  double excess = 0;
  // excess / |forecast|, and (actual - forecast) / |forecast|: the size relative to the point
  // forecast; empty when the forecast is 0.
  std::optional<double> relative_excess;
  std::optional<double> relative_deviation;
};

// The periods i with actual[i] > upper[i] or actual[i] < lower[i], in order. A value on a
// bound is inside. INVALID_ARGUMENT naming the field when the four series differ in length,
// hold a non-finite value, or lower[i] > upper[i].
absl::StatusOr<std::vector<Anomaly>> FindAnomalies(const std::vector<double>& actual,
                                                   const std::vector<double>& forecast,
                                                   const std::vector<double>& lower,
                                                   const std::vector<double>& upper);

// The same against one-step-ahead fitted values and an interval of ± half_width around them
// (z σ for a fitted model: NormalQuantile(0.5 + level / 2) * sqrt(sigma2)). INVALID_ARGUMENT
// naming the field for lengths that differ, non-finite values or a negative half_width.
absl::StatusOr<std::vector<Anomaly>> FindAnomaliesAroundFitted(const std::vector<double>& actual,
                                                               const std::vector<double>& fitted,
                                                               double half_width);

// The same over the history a model was run on: its one-step-ahead fitted values with the
// one-step interval μ_t ± z σ at `level` (z = NormalQuantile(0.5 + level / 2), σ² the
// model's sigma2; with additive errors this is the interval of every model here, a
// multiplicative season included). `actual` is the series the model was run on.
// INVALID_ARGUMENT naming `level` outside (0, 1) or `actual` of another length.
absl::StatusOr<std::vector<Anomaly>> FindFittedAnomalies(const std::vector<double>& actual,
                                                         const HoltWintersModel& model,
                                                         double level);

// The periods right after a model's history checked against one-step-ahead forecasts
// (FPP3 §5.8 and §8: each period's forecast is made from the states updated with every
// actual before it, the parameters kept as fitted on the history), rather than against one
// multi-step forecast whose interval widens over the whole range: a level that moved
// in the range is followed, and only a period unlike the ones just before it stands out.
struct OneStepCheck {
  std::vector<double> forecast;  // μ_t, one per period of `actual`
  std::vector<double> lower;     // μ_t - z σ
  std::vector<double> upper;     // μ_t + z σ
  std::vector<Anomaly> anomalies;
};

// `model` as fitted on `history`, run on over `actual` (RunHoltWinters over history +
// actual with the model's parameters and initial states), with the one-step interval
// μ_t ± z σ at `level` (z = NormalQuantile(0.5 + level / 2), σ² the model's sigma2 from
// the history, as FindFittedAnomalies). INVALID_ARGUMENT naming `level` outside (0, 1),
// `history` of another length than the model's, or `actual` holding a non-finite value (or
// a value <= 0 for a multiplicative season, which cannot update its states).
absl::StatusOr<OneStepCheck> CheckOneStepAhead(const std::vector<double>& history,
                                               const std::vector<double>& actual,
                                               const HoltWintersModel& model, double level);

}  // namespace sales::analytics::domain
