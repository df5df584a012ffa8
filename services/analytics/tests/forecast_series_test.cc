// The series forecasts are made of: measure values, season lengths, where a history starts,
// and a promotion's baseline.
#include "services/analytics/src/domain/forecast_series.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

TEST(ForecastSeriesTest, MeasuresAreRevenueUnitsAndMarginNetOfRefunds) {
  Measures m;
  m[Measure::kUnits] = 7;
  m[Measure::kNetMinor] = 1000;
  m[Measure::kRefundMinor] = 200;
  m[Measure::kCostMinor] = 500;
  m[Measure::kRefundCostMinor] = 100;
  EXPECT_EQ(MeasureValue(SeriesMeasure::kUnits, m), 7);
  EXPECT_EQ(MeasureValue(SeriesMeasure::kRevenue, m), 800);  // 1000 - 200
  EXPECT_EQ(MeasureValue(SeriesMeasure::kMargin, m), 400);   // 800 - (500 - 100)
  EXPECT_EQ(SeriesOf(SeriesMeasure::kUnits, {m, Measures{}}), (std::vector<double>{7, 0}));
}

TEST(ForecastSeriesTest, SeasonLengthsAndDefaultHistories) {
  EXPECT_EQ(SeasonLengthOf(Granularity::kDay), 7);
  EXPECT_EQ(SeasonLengthOf(Granularity::kIsoWeek), 52);
  EXPECT_EQ(SeasonLengthOf(Granularity::kMonth), 12);
  EXPECT_EQ(SeasonLengthOf(Granularity::kQuarter), 1);
  EXPECT_EQ(DefaultHistoryPeriods(Granularity::kDay), 364);
  EXPECT_EQ(DefaultHistoryPeriods(Granularity::kIsoWeek), 156);
  EXPECT_EQ(DefaultHistoryPeriods(Granularity::kMonth), 60);
}

TEST(ForecastSeriesTest, AHistoryStartsWithItsFirstNonZeroValue) {
  EXPECT_EQ(FirstNonZero({0, 0, 3, 0, 4}), 2u);
  EXPECT_EQ(FirstNonZero({5}), 0u);
  EXPECT_EQ(FirstNonZero({0, 0}), 2u);
  EXPECT_EQ(FirstNonZero({}), 0u);
}

TEST(ForecastSeriesTest, TheBaselineOfAConstantSeriesIsItsValueTimesTheHorizon) {
  const absl::StatusOr<Baseline> baseline = ForecastBaseline(std::vector<double>(21, 5.0), 7, 7);
  ASSERT_TRUE(baseline.ok()) << baseline.status();
  EXPECT_NEAR(baseline->total, 35.0, 1e-6);
  EXPECT_EQ(baseline->model, "A,N,N");  // exact fits tie and the simplest wins
}

TEST(ForecastSeriesTest, TheBaselineOfTooShortAHistoryIsRefusedNamingTheSeries) {
  const absl::StatusOr<Baseline> baseline = ForecastBaseline({1, 2, 3}, 7, 7);
  ASSERT_EQ(baseline.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(baseline.status().message().substr(0, 7), "series:");
}

}  // namespace
}  // namespace sales::analytics::domain
