#include "services/analytics/src/domain/backtest.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace sales::analytics::domain {
namespace {

// The naive forecast: the last training value, repeated.
absl::StatusOr<std::vector<double>> Naive(const std::vector<double>& training, int horizon) {
  return std::vector<double>(static_cast<size_t>(horizon), training.back());
}

// series 10 12 11 13 15 14 (n = 6), m = 1, 2 origins of 2 steps: origins o = 6-2-2+1 = 3
// and 4.
//   o = 3: training 10 12 11, naive 11 for y4 = 13 and y5 = 15: errors 2, 4;
//          scale = (|12-10| + |11-12|) / 2 = 1.5
//   o = 4: training 10 12 11 13, naive 13 for y5 = 15 and y6 = 14: errors 2, 1;
//          scale = (2 + 1 + 2) / 3 = 5/3
// MAPE  = (200/13 + 400/15 + 200/15 + 100/14) / 4
// sMAPE = (400/24 + 800/26 + 400/28 + 200/27) / 4
// MASE  = (2/1.5 + 4/1.5 + 2/(5/3) + 1/(5/3)) / 4 = (4/3 + 8/3 + 6/5 + 3/5) / 4 = 1.45
TEST(BacktestTest, RollingOriginFiguresMatchAHandComputation) {
  const std::vector<double> y = {10, 12, 11, 13, 15, 14};
  absl::StatusOr<Backtest> b = RollingOriginBacktest(y, 1, 2, 2, Naive);
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->origins, 2);
  EXPECT_EQ(b->horizon, 2);
  ASSERT_EQ(b->points.size(), 4u);
  EXPECT_EQ(b->points[0].origin, 3);
  EXPECT_EQ(b->points[3].origin, 4);
  EXPECT_EQ(b->points[3].step, 2);
  EXPECT_EQ(b->points[3].actual, 14);
  EXPECT_EQ(b->points[3].forecast, 13);
  EXPECT_EQ(b->accuracy.forecasts, 4);
  EXPECT_NEAR(b->accuracy.mape, (200.0 / 13 + 400.0 / 15 + 200.0 / 15 + 100.0 / 14) / 4, 1e-12);
  EXPECT_NEAR(b->accuracy.smape, (400.0 / 24 + 800.0 / 26 + 400.0 / 28 + 200.0 / 27) / 4, 1e-12);
  EXPECT_NEAR(b->accuracy.mase, 1.45, 1e-12);
  EXPECT_EQ(b->accuracy.mape_skipped, 0);
  EXPECT_EQ(b->accuracy.mase_skipped, 0);
}

// With m = 2 the scale is the seasonal naive one: training 4 0 6 2 -> (|6-4| + |2-0|) / 2 = 2.
// Forecasts 2 for actuals 0 and 3: MAPE skips the 0 (100·1/3 only); sMAPE counts
// 200·2/2 = 200 and 200·1/5 = 40; MASE (2/2 + 1/2) / 2 = 0.75.
TEST(BacktestTest, ZeroActualsAreSkippedByMapeAndCounted) {
  const std::vector<double> y = {4, 0, 6, 2, 0, 3};
  absl::StatusOr<Backtest> b = RollingOriginBacktest(y, 2, 1, 2, Naive);
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->accuracy.forecasts, 2);
  EXPECT_EQ(b->accuracy.mape_skipped, 1);
  EXPECT_NEAR(b->accuracy.mape, 100.0 / 3, 1e-12);
  EXPECT_NEAR(b->accuracy.smape, 120.0, 1e-12);
  EXPECT_NEAR(b->accuracy.mase, 0.75, 1e-12);
}

TEST(BacktestTest, AConstantTrainingPartHasNoMaseScale) {
  EXPECT_TRUE(std::isnan(SeasonalNaiveScale({5, 5}, 2)));
  EXPECT_EQ(SeasonalNaiveScale({5, 5, 5}, 1), 0.0);
  const Accuracy a = ScoreForecasts({{3, 1, 0, 0, 0.0}});
  EXPECT_EQ(a.mase_skipped, 1);
  EXPECT_TRUE(std::isnan(a.mase));
  EXPECT_EQ(a.smape, 0.0);  // both 0: a perfect forecast
  EXPECT_TRUE(std::isnan(a.mape));
}

TEST(BacktestTest, BadArgumentsAreRefusedNamingTheField) {
  const std::vector<double> y = {1, 2, 3, 4};
  EXPECT_EQ(RollingOriginBacktest(y, 1, 0, 1, Naive).status().message().substr(0, 7), "origins");
  EXPECT_EQ(RollingOriginBacktest(y, 1, 1, 0, Naive).status().message().substr(0, 7), "horizon");
  EXPECT_EQ(RollingOriginBacktest(y, 1, 3, 2, Naive).status().message().substr(0, 6), "series");
}

TEST(BacktestTest, AForecastComesWithTheBacktestOfItsModel) {
  std::mt19937_64 random(21);
  std::normal_distribution<double> noise(0.0, 2.0);
  const double season[] = {-9, 3, 7, 12, 4, -5, -12};
  std::vector<double> y;
  for (int t = 0; t < 112; ++t) y.push_back(200 + 0.3 * t + season[t % 7] + noise(random));
  absl::StatusOr<ForecastReport> r = ForecastWithBacktest(y, 7, 14, 0.9, {.origins = 5});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->forecast.point.size(), 14u);
  EXPECT_EQ(r->backtest.origins, 5);
  EXPECT_EQ(r->backtest.horizon, 14);
  EXPECT_EQ(r->backtest.accuracy.forecasts, 70);
  EXPECT_EQ(r->backtest.points.front().origin, 112 - 14 - 5 + 1);
  // Noise of σ 2 on values near 220: a few percent at most, and better than the seasonal
  // naive forecast's in-sample error (MASE < 1).
  EXPECT_LT(r->backtest.accuracy.mape, 3.0);
  EXPECT_LT(r->backtest.accuracy.mase, 1.0);
  EXPECT_GT(r->backtest.accuracy.smape, 0.0);
  // Each origin's forecasts come from the chosen form refitted on the values before it
  // only: nothing after the origin leaks into them.
  const int origin = r->backtest.points.back().origin;
  const std::vector<double> training(y.begin(), y.begin() + origin);
  absl::StatusOr<HoltWintersModel> refit = FitHoltWinters(training, 7, r->selection.best.form);
  ASSERT_TRUE(refit.ok()) << refit.status();
  absl::StatusOr<Forecast> f = ForecastHoltWinters(*refit, 14, 0.9);
  ASSERT_TRUE(f.ok()) << f.status();
  for (int step = 1; step <= 14; ++step) {
    const BacktestPoint& p = r->backtest.points[r->backtest.points.size() - 15 + step];
    EXPECT_EQ(p.origin, origin);
    EXPECT_EQ(p.step, step);
    EXPECT_EQ(p.actual, y[origin + step - 1]);
    EXPECT_DOUBLE_EQ(p.forecast, f->point[step - 1]);
  }
}

TEST(BacktestTest, AProductThatNeverSoldHasNoPercentageErrors) {
  const std::vector<double> y(40, 0.0);
  absl::StatusOr<ForecastReport> r = ForecastWithBacktest(y, 7, 7, 0.95);
  ASSERT_TRUE(r.ok()) << r.status();
  const Accuracy& a = r->backtest.accuracy;
  EXPECT_GT(a.forecasts, 0);
  EXPECT_EQ(a.mape_skipped, a.forecasts);  // every actual is 0
  EXPECT_TRUE(std::isnan(a.mape));
  EXPECT_EQ(a.mase_skipped, a.forecasts);  // the seasonal naive forecast is perfect: scale 0
  EXPECT_TRUE(std::isnan(a.mase));
  EXPECT_NEAR(a.smape, 0.0, 1e-9);
}

TEST(BacktestTest, NoForecastWithoutABacktest) {
  // Six values fit simple smoothing (k = 2, n - k - 3 = 1) but leave no origin with the six
  // training values it needs: no forecast either.
  absl::StatusOr<ForecastReport> r = ForecastWithBacktest({5, 6, 5, 7, 6, 5}, 1, 3, 0.8);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message().substr(0, 6), "series") << r.status();
  EXPECT_TRUE(ForecastWithBacktest({5, 6, 5, 7, 6, 5, 6}, 1, 3, 0.8).ok());
}

TEST(BacktestTest, TheBacktestIsCutToWhatAShortSeriesAllows) {
  std::vector<double> y;
  for (int t = 0; t < 20; ++t) y.push_back(10 + (t % 3));
  // Non-seasonal (m = 1); the chosen form needs at most 5 + 4 training values, so 30 steps
  // and 12 origins cannot all fit.
  absl::StatusOr<ForecastReport> r = ForecastWithBacktest(y, 1, 30, 0.8);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->forecast.point.size(), 30u);
  EXPECT_GE(r->backtest.origins, 1);
  EXPECT_GE(r->backtest.horizon, 1);
  EXPECT_LE(r->backtest.points.front().origin + r->backtest.horizon + r->backtest.origins - 1, 20);
  EXPECT_EQ(r->backtest.accuracy.forecasts, r->backtest.origins * r->backtest.horizon);
}

}  // namespace
}  // namespace sales::analytics::domain
