// The accuracy of a forecast on the latest history, by rolling-origin evaluation (Tashman
// 2000, "Out-of-sample tests of forecasting accuracy: an analysis and review", IJF 16(4);
// "time series cross-validation", FPP3 §5.10): the model is refitted on the data up to each
// origin and its forecasts are compared with what came after. Every forecast the service
// returns carries this backtest (ForecastWithBacktest).
#pragma once

#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/src/domain/holt_winters.h"

namespace sales::analytics::domain {

// One forecast checked against its actual.
struct BacktestPoint {
  int origin = 0;  // the training part is series[0, origin)
  int step = 0;    // 1 .. horizon: the forecast of series[origin + step - 1]
  double actual = 0;
  double forecast = 0;
  // The MASE scale of this origin: the mean absolute error of the seasonal naive forecast
  // (lag m; lag 1 when m = 1) over the training part, NaN when it has no more than m values.
  double scale = 0;
};

// Accuracy measures (Hyndman and Koehler 2006, "Another look at measures of forecast
// accuracy", IJF 22(4)), each the mean over the points, e = actual - forecast:
struct Accuracy {
  int forecasts = 0;  // points evaluated
  // MAPE = mean of 100 |e| / |actual|, over the points whose actual is not 0;
  // mape_skipped counts those left out. NaN when none is left.
  double mape = 0;
  int mape_skipped = 0;
  // sMAPE = mean of 200 |e| / (|actual| + |forecast|), a point with both 0 counting 0.
  double smape = 0;
  // MASE = mean of |e| / scale (the point's origin's in-sample seasonal naive MAE, as
  // forecast::accuracy scales a test set by its training data); points whose scale is 0 or
  // NaN are left out and counted in mase_skipped. NaN when none is left.
  double mase = 0;
  int mase_skipped = 0;
};

// The measures over `points`.
Accuracy ScoreForecasts(const std::vector<BacktestPoint>& points);

// mean |y_t - y_{t-lag}| over t >= lag, lag = m (1 when m <= 1); NaN when there are no
// more than `lag` values.
double SeasonalNaiveScale(const std::vector<double>& training, int season_length);

// Forecasts `horizon` values after `training` (a model refitted on it).
using Forecaster = std::function<absl::StatusOr<std::vector<double>>(
    const std::vector<double>& training, int horizon)>;

struct Backtest {
  int origins = 0;  // origins used
  int horizon = 0;  // steps forecast from each
  Accuracy accuracy;
  std::vector<BacktestPoint> points;  // by origin, then step
};

// Rolling origin over the latest history with a fixed horizon: the `origins` last origins
// from which a full `horizon` can be checked, o = n - horizon - origins + 1 .. n - horizon,
// each forecasting series[o .. o + horizon). INVALID_ARGUMENT naming `origins`/`horizon`
// when < 1, and `series` when it is too short for them (the first origin must be >= 1); a
// forecaster's error is passed on.
absl::StatusOr<Backtest> RollingOriginBacktest(const std::vector<double>& series, int season_length,
                                               int origins, int horizon,
                                               const Forecaster& forecaster);

struct BacktestOptions {
  int origins = 12;  // at most this many origins
  int horizon = 0;   // steps per origin; 0: the forecast's horizon
};

// A forecast with its backtest, as the service returns it.
struct ForecastReport {
  ModelSelection selection;  // chosen model, parameters, SSE, AICc, candidates, fitted values
  Forecast forecast;         // point forecasts and interval at the caller's level
  // The chosen model form refitted (FitHoltWinters) at each origin. Origins and horizon
  // are cut to what the series allows: each origin's training part keeps at least 2m values
  // for a seasonal form and k + 4 for any form; Backtest says what was used.
  Backtest backtest;
};

// SelectHoltWinters, ForecastHoltWinters and the backtest of the chosen form. Errors as
// those, and INVALID_ARGUMENT naming `series` when not even one origin with one step fits.
absl::StatusOr<ForecastReport> ForecastWithBacktest(const std::vector<double>& series,
                                                    int season_length, int horizon, double level,
                                                    const BacktestOptions& options = {});

}  // namespace sales::analytics::domain
