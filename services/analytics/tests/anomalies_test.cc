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

TEST(AnomaliesTest, BadInputIsRefusedNamingTheField) {
  EXPECT_EQ(FindAnomalies({1, 2}, {1}, {0, 0}, {3, 3}).status().message().substr(0, 8), "forecast");
  EXPECT_EQ(FindAnomalies({1}, {1}, {2}, {0}).status().message().substr(0, 5), "lower");
  EXPECT_EQ(FindAnomalies({1}, {1}, {0}, {std::nan("")}).status().message().substr(0, 5), "upper");
  EXPECT_EQ(FindAnomaliesAroundFitted({1}, {1}, -1).status().message().substr(0, 10), "half_width");
  EXPECT_EQ(FindAnomaliesAroundFitted({1}, {}, 1).status().message().substr(0, 6), "fitted");
}

}  // namespace
}  // namespace sales::analytics::domain
