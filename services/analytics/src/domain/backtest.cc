#include "services/analytics/src/domain/backtest.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"

namespace sales::analytics::domain {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The fewest training values FitHoltWinters accepts for `form` with a finite AICc.
int MinimumTraining(ModelForm form, int m) {
  int k = 2;
  if (form.trend != TrendKind::kNone) k += 2;
  if (form.trend == TrendKind::kAdditiveDamped) k += 1;
  if (form.season != SeasonKind::kNone) k += m;
  return std::max(form.season != SeasonKind::kNone ? 2 * m : 1, k + 4);
}

}  // namespace

Accuracy ScoreForecasts(const std::vector<BacktestPoint>& points) {
  Accuracy a;
  a.forecasts = static_cast<int>(points.size());
  double ape = 0, sape = 0, ase = 0;
  int ape_count = 0, ase_count = 0;
  for (const BacktestPoint& p : points) {
    const double error = std::abs(p.actual - p.forecast);
    if (p.actual != 0) {
      ape += 100 * error / std::abs(p.actual);
      ++ape_count;
    } else {
      ++a.mape_skipped;
    }
    const double denominator = std::abs(p.actual) + std::abs(p.forecast);
    if (denominator > 0) sape += 200 * error / denominator;
    if (p.scale > 0) {  // false for 0 and NaN
      ase += error / p.scale;
      ++ase_count;
    } else {
      ++a.mase_skipped;
    }
  }
  a.mape = ape_count > 0 ? ape / ape_count : kNaN;
  a.smape = points.empty() ? kNaN : sape / static_cast<double>(points.size());
  a.mase = ase_count > 0 ? ase / ase_count : kNaN;
  return a;
}

double SeasonalNaiveScale(const std::vector<double>& training, int season_length) {
  const size_t lag = static_cast<size_t>(std::max(season_length, 1));
  if (training.size() <= lag) return kNaN;
  double sum = 0;
  for (size_t t = lag; t < training.size(); ++t) sum += std::abs(training[t] - training[t - lag]);
  return sum / static_cast<double>(training.size() - lag);
}

absl::StatusOr<Backtest> RollingOriginBacktest(const std::vector<double>& series, int season_length,
                                               int origins, int horizon,
                                               const Forecaster& forecaster) {
  if (origins < 1) {
    return absl::InvalidArgumentError(absl::StrCat("origins: must be at least 1, got ", origins));
  }
  if (horizon < 1) {
    return absl::InvalidArgumentError(absl::StrCat("horizon: must be at least 1, got ", horizon));
  }
  const int n = static_cast<int>(series.size());
  const int first = n - horizon - origins + 1;
  if (first < 1) {
    return absl::InvalidArgumentError(absl::StrCat("series: ", n, " values are too few for ",
                                                   origins, " origins of ", horizon, " steps"));
  }
  Backtest backtest;
  backtest.origins = origins;
  backtest.horizon = horizon;
  for (int origin = first; origin <= n - horizon; ++origin) {
    const std::vector<double> training(series.begin(), series.begin() + origin);
    absl::StatusOr<std::vector<double>> forecast = forecaster(training, horizon);
    if (!forecast.ok()) return forecast.status();
    if (forecast->size() != static_cast<size_t>(horizon)) {
      return absl::InternalError(absl::StrCat("the forecaster returned ", forecast->size(),
                                              " values for ", horizon, " steps"));
    }
    const double scale = SeasonalNaiveScale(training, season_length);
    for (int step = 1; step <= horizon; ++step) {
      backtest.points.push_back({origin, step, series[static_cast<size_t>(origin + step - 1)],
                                 (*forecast)[static_cast<size_t>(step - 1)], scale});
    }
  }
  backtest.accuracy = ScoreForecasts(backtest.points);
  return backtest;
}

absl::StatusOr<ForecastReport> ForecastWithBacktest(const std::vector<double>& series,
                                                    int season_length, int horizon, double level,
                                                    const BacktestOptions& options) {
  if (options.origins < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("origins: must be at least 1, got ", options.origins));
  }
  if (options.horizon < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("backtest_horizon: must not be negative, got ", options.horizon));
  }
  absl::StatusOr<ModelSelection> selection = SelectHoltWinters(series, season_length);
  if (!selection.ok()) return selection.status();
  absl::StatusOr<Forecast> forecast = ForecastHoltWinters(selection->best, horizon, level);
  if (!forecast.ok()) return forecast.status();
  const ModelForm form = selection->best.form;
  const int n = static_cast<int>(series.size());
  const int spare = n - MinimumTraining(form, season_length);  // values after the first origin
  const int backtest_horizon =
      std::min(options.horizon > 0 ? options.horizon : horizon, std::max(spare, 0));
  const int origins = std::min(options.origins, spare - backtest_horizon + 1);
  if (backtest_horizon < 1 || origins < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("series: ", n, " values are too few to backtest ", ModelName(form),
                     ": needs at least ", MinimumTraining(form, season_length) + 1));
  }
  absl::StatusOr<Backtest> backtest = RollingOriginBacktest(
      series, season_length, origins, backtest_horizon,
      [&](const std::vector<double>& training, int steps) -> absl::StatusOr<std::vector<double>> {
        absl::StatusOr<HoltWintersModel> model = FitHoltWinters(training, season_length, form);
        if (!model.ok()) return model.status();
        return PointForecasts(*model, steps);
      });
  if (!backtest.ok()) return backtest.status();
  return ForecastReport{*std::move(selection), *std::move(forecast), *std::move(backtest)};
}

}  // namespace sales::analytics::domain
