#include "services/analytics/src/domain/croston.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace sales::analytics::domain {

absl::StatusOr<CrostonModel> FitCroston(const std::vector<double>& series, double alpha) {
  if (!(alpha > 0 && alpha <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat("alpha: must be in (0, 1], got ", alpha));
  }
  if (series.empty()) return absl::InvalidArgumentError("series: no values");
  for (size_t i = 0; i < series.size(); ++i) {
    if (!std::isfinite(series[i]) || series[i] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("series: value ", i, " is negative or not finite"));
    }
  }
  CrostonModel model;
  model.alpha = alpha;
  model.observations = static_cast<int>(series.size());
  int since_last = 0;  // periods since the last demand (or the start)
  for (size_t t = 0; t < series.size(); ++t) {
    ++since_last;
    // The one-step forecast of period t (0-based) from the demands before it.
    if (t > 0) {
      const double forecast = model.demands > 0 ? model.rate : 0.0;
      model.fitted.push_back(forecast);
      const double e = series[t] - forecast;
      model.sse += e * e;
    }
    if (series[t] <= 0) continue;
    const double z = series[t];
    const double p = static_cast<double>(since_last);
    if (model.demands == 0) {
      model.demand_size = z;
      model.interval = p;
    } else {
      model.demand_size += alpha * (z - model.demand_size);
      model.interval += alpha * (p - model.interval);
    }
    ++model.demands;
    model.rate = model.demand_size / model.interval;
    since_last = 0;
  }
  if (model.demands == 0) return absl::InvalidArgumentError("series: no demand to forecast");
  return model;
}

}  // namespace sales::analytics::domain
