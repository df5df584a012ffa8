#include "services/analytics/src/domain/anomalies.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace sales::analytics::domain {
namespace {

absl::Status CheckFinite(const std::vector<double>& values, const char* field) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": value ", i, " is not finite"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckLength(const std::vector<double>& values, size_t length, const char* field) {
  if (values.size() != length) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": has ", values.size(), " values, actual has ", length));
  }
  return CheckFinite(values, field);
}

}  // namespace

absl::StatusOr<std::vector<Anomaly>> FindAnomalies(const std::vector<double>& actual,
                                                   const std::vector<double>& forecast,
                                                   const std::vector<double>& lower,
                                                   const std::vector<double>& upper) {
  if (absl::Status s = CheckFinite(actual, "actual"); !s.ok()) return s;
  for (const auto& [values, field] :
       {std::pair{&forecast, "forecast"}, std::pair{&lower, "lower"}, std::pair{&upper, "upper"}}) {
    if (absl::Status s = CheckLength(*values, actual.size(), field); !s.ok()) return s;
  }
  std::vector<Anomaly> out;
  for (size_t i = 0; i < actual.size(); ++i) {
    if (lower[i] > upper[i]) {
      return absl::InvalidArgumentError(
          absl::StrCat("lower: value ", i, " is above the upper bound"));
    }
    if (lower[i] <= actual[i] && actual[i] <= upper[i]) continue;
    Anomaly a;
    a.index = static_cast<int>(i);
    a.direction = actual[i] > upper[i] ? AnomalyDirection::kAbove : AnomalyDirection::kBelow;
    a.actual = actual[i];
    a.forecast = forecast[i];
    a.bound = a.direction == AnomalyDirection::kAbove ? upper[i] : lower[i];
    a.excess = actual[i] - a.bound;
    if (forecast[i] != 0) {
      a.relative_excess = a.excess / std::abs(forecast[i]);
      a.relative_deviation = (actual[i] - forecast[i]) / std::abs(forecast[i]);
    }
    out.push_back(a);
  }
  return out;
}

absl::StatusOr<std::vector<Anomaly>> FindAnomaliesAroundFitted(const std::vector<double>& actual,
                                                               const std::vector<double>& fitted,
                                                               double half_width) {
  if (!(half_width >= 0) || !std::isfinite(half_width)) {
    return absl::InvalidArgumentError("half_width: must be a finite number >= 0");
  }
  if (absl::Status s = CheckFinite(actual, "actual"); !s.ok()) return s;
  if (absl::Status s = CheckLength(fitted, actual.size(), "fitted"); !s.ok()) return s;
  std::vector<double> lower(fitted.size()), upper(fitted.size());
  for (size_t i = 0; i < fitted.size(); ++i) {
    lower[i] = fitted[i] - half_width;
    upper[i] = fitted[i] + half_width;
  }
  return FindAnomalies(actual, fitted, lower, upper);
}

absl::StatusOr<std::vector<Anomaly>> FindFittedAnomalies(const std::vector<double>& actual,
                                                         const HoltWintersModel& model,
                                                         double level) {
  if (!(level > 0 && level < 1)) {
    return absl::InvalidArgumentError("level: must be between 0 and 1 exclusive");
  }
  if (actual.size() != model.fitted.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "actual: has ", actual.size(), " values, the model was run on ", model.fitted.size()));
  }
  const double half_width =
      NormalQuantile(0.5 + level / 2) * std::sqrt(std::max(model.sigma2, 0.0));
  return FindAnomaliesAroundFitted(actual, model.fitted, half_width);
}

absl::StatusOr<OneStepCheck> CheckOneStepAhead(const std::vector<double>& history,
                                               const std::vector<double>& actual,
                                               const HoltWintersModel& model, double level) {
  if (!(level > 0 && level < 1)) {
    return absl::InvalidArgumentError("level: must be between 0 and 1 exclusive");
  }
  if (history.size() != model.fitted.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "history: has ", history.size(), " values, the model was run on ", model.fitted.size()));
  }
  if (absl::Status s = CheckFinite(actual, "actual"); !s.ok()) return s;
  std::vector<double> series = history;
  series.insert(series.end(), actual.begin(), actual.end());
  absl::StatusOr<HoltWintersModel> run =
      RunHoltWinters(series, model.season_length, model.form, model.params);
  if (!run.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("actual: the model cannot be run over it: ", run.status().message()));
  }
  const double half_width =
      NormalQuantile(0.5 + level / 2) * std::sqrt(std::max(model.sigma2, 0.0));
  OneStepCheck out;
  out.forecast.assign(run->fitted.begin() + static_cast<std::ptrdiff_t>(history.size()),
                      run->fitted.end());
  for (double f : out.forecast) {
    out.lower.push_back(f - half_width);
    out.upper.push_back(f + half_width);
  }
  absl::StatusOr<std::vector<Anomaly>> found =
      FindAnomalies(actual, out.forecast, out.lower, out.upper);
  if (!found.ok()) return found.status();
  out.anomalies = std::move(*found);
  return out;
}

}  // namespace sales::analytics::domain
