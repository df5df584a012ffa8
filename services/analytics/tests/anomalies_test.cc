#include "services/analytics/src/domain/anomalies.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sales::analytics::domain {
namespace {

TEST(AnomaliesTest, ActualsOutsideTheIntervalAreReportedWithSizeAndDirection) {
  const std::vector<double> actual = {100, 130, 70, 110, 90};
  const std::vector<double> forecast = {100, 100, 100, 100, 100};
  const std::vector<double> lower = {90, 90, 80, 90, 90};
  const std::vector<double> upper = {110, 120, 110, 110, 110};
  absl::StatusOr<std::vector<Anomaly>> found = FindAnomalies(actual, forecast, lower, upper);
  ASSERT_TRUE(found.ok()) << found.status();
  // 110 and 90 sit on their bounds: inside.
  ASSERT_EQ(found->size(), 2u);
  const Anomaly& above = (*found)[0];
  EXPECT_EQ(above.index, 1);
  EXPECT_EQ(above.direction, AnomalyDirection::kAbove);
  EXPECT_EQ(above.bound, 120);
  EXPECT_EQ(above.excess, 10);                       // 130 - 120
  EXPECT_DOUBLE_EQ(*above.relative_excess, 0.1);     // 10 / 100
  EXPECT_DOUBLE_EQ(*above.relative_deviation, 0.3);  // (130 - 100) / 100
  const Anomaly& below = (*found)[1];
  EXPECT_EQ(below.index, 2);
  EXPECT_EQ(below.direction, AnomalyDirection::kBelow);
  EXPECT_EQ(below.bound, 80);
  EXPECT_EQ(below.excess, -10);  // 70 - 80
  EXPECT_DOUBLE_EQ(*below.relative_deviation, -0.3);
}

TEST(AnomaliesTest, AZeroForecastHasNoRelativeSize) {
  absl::StatusOr<std::vector<Anomaly>> found = FindAnomalies({5}, {0}, {-2}, {2});
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].excess, 3);
  EXPECT_FALSE((*found)[0].relative_excess.has_value());
  EXPECT_FALSE((*found)[0].relative_deviation.has_value());
}

TEST(AnomaliesTest, FittedValuesWithAHalfWidth) {
  absl::StatusOr<std::vector<Anomaly>> found =
      FindAnomaliesAroundFitted({10, 16, 3, 9}, {10, 10, 10, 10}, 5);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].index, 1);
  EXPECT_EQ((*found)[0].bound, 15);
  EXPECT_EQ((*found)[0].excess, 1);
  EXPECT_EQ((*found)[1].index, 2);
  EXPECT_EQ((*found)[1].bound, 5);
  EXPECT_EQ((*found)[1].excess, -2);
}

// Simple smoothing, α = 0.5, l0 = 10, over 10 10 30 10: fitted 10 10 10 20, errors 0 0 20
// -10, SSE 500, σ² = 500 / (4 - 2) = 250. At level 0.5 the half width is
// 0.6744897501960817 · √250 = 10.6646: 30 is above 10 + 10.66 by 9.34; 10 is inside
// 20 ± 10.66.
TEST(AnomaliesTest, FittedValuesOfAModelAtALevel) {
  const std::vector<double> y = {10, 10, 30, 10};
  HoltWintersParams p;
  p.alpha = 0.5;
  p.initial_level = 10;
  absl::StatusOr<HoltWintersModel> model = RunHoltWinters(y, 1, {}, p);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_DOUBLE_EQ(model->sigma2, 250);
  absl::StatusOr<std::vector<Anomaly>> found = FindFittedAnomalies(y, *model, 0.5);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].index, 2);
  EXPECT_EQ((*found)[0].direction, AnomalyDirection::kAbove);
  EXPECT_NEAR((*found)[0].excess, 20 - 0.6744897501960817 * std::sqrt(250.0), 1e-12);
  EXPECT_NEAR(*(*found)[0].relative_deviation, 2.0, 1e-12);  // (30 - 10) / 10
  EXPECT_EQ(FindFittedAnomalies(y, *model, 1.5).status().message().substr(0, 5), "level");
  EXPECT_EQ(FindFittedAnomalies({1, 2}, *model, 0.5).status().message().substr(0, 6), "actual");
}

// The model of FittedValuesOfAModelAtALevel (α = 0.5, l0 = 10, fitted on 10 10 30 10: last
// level 15, σ² = 250, half width 10.6646 at level 0.5) run on over 15 45 45 45. One step
// ahead the forecasts are 15, 15, 30 (= 0.5 · 45 + 0.5 · 15), 37.5: 45 is above 15 + 10.66
// and above 30 + 10.66, then inside 37.5 ± 10.66. One 4-step forecast from the history
// would stay at 15 with the interval 15 ± 10.66 · √(1 + 3 · 0.25) = 15 ± 14.11 at h = 4,
// and call all three 45s anomalies.
TEST(AnomaliesTest, OneStepAheadForecastsFollowTheActuals) {
  const std::vector<double> history = {10, 10, 30, 10};
  HoltWintersParams p;
  p.alpha = 0.5;
  p.initial_level = 10;
  absl::StatusOr<HoltWintersModel> model = RunHoltWinters(history, 1, {}, p);
  ASSERT_TRUE(model.ok()) << model.status();
  const double half_width = 0.6744897501960817 * std::sqrt(250.0);
  absl::StatusOr<OneStepCheck> check = CheckOneStepAhead(history, {15, 45, 45, 45}, *model, 0.5);
  ASSERT_TRUE(check.ok()) << check.status();
  const std::vector<double> expected = {15, 15, 30, 37.5};
  ASSERT_EQ(check->forecast.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_DOUBLE_EQ(check->forecast[i], expected[i]) << i;
    EXPECT_NEAR(check->lower[i], expected[i] - half_width, 1e-12) << i;
    EXPECT_NEAR(check->upper[i], expected[i] + half_width, 1e-12) << i;
  }
  ASSERT_EQ(check->anomalies.size(), 2u);
  EXPECT_EQ(check->anomalies[0].index, 1);
  EXPECT_EQ(check->anomalies[0].direction, AnomalyDirection::kAbove);
  EXPECT_NEAR(check->anomalies[0].excess, 45 - 15 - half_width, 1e-12);
  EXPECT_EQ(check->anomalies[1].index, 2);
  EXPECT_NEAR(check->anomalies[1].excess, 45 - 30 - half_width, 1e-12);
  EXPECT_EQ(CheckOneStepAhead(history, {1}, *model, 0).status().message().substr(0, 5), "level");
  EXPECT_EQ(CheckOneStepAhead({1, 2}, {1}, *model, 0.5).status().message().substr(0, 7), "history");
  EXPECT_EQ(CheckOneStepAhead(history, {NAN}, *model, 0.5).status().message().substr(0, 6),
            "actual");
}

TEST(AnomaliesTest, BadInputIsRefusedNamingTheField) {
  EXPECT_EQ(FindAnomalies({1, 2}, {1}, {0, 0}, {3, 3}).status().message().substr(0, 8), "forecast");
  EXPECT_EQ(FindAnomalies({1}, {1}, {2}, {0}).status().message().substr(0, 5), "lower");
  EXPECT_EQ(FindAnomalies({1}, {1}, {0}, {std::nan("")}).status().message().substr(0, 5), "upper");
  EXPECT_EQ(FindAnomaliesAroundFitted({1}, {1}, -1).status().message().substr(0, 10), "half_width");
  EXPECT_EQ(FindAnomaliesAroundFitted({1}, {}, 1).status().message().substr(0, 6), "fitted");
}

}  // namespace
}  // namespace sales::analytics::domain
