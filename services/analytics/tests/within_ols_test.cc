#include "services/analytics/src/domain/within_ols.h"

#include <gtest/gtest.h>

#include <cmath>

#include "absl/strings/match.h"
#include "services/analytics/src/domain/student_t.h"

namespace sales::analytics::domain {
namespace {

// Textbook values (e.g. any t table; R's qt): t_{0.975,10} = 2.228139, t_{0.975,30} =
// 2.042272, t_{0.975,1} = 12.706205, t_{0.995,5} = 4.032143.
TEST(StudentTTest, QuantilesMatchTheTables) {
  EXPECT_NEAR(StudentTQuantile(0.975, 10), 2.228138852, 1e-8);
  EXPECT_NEAR(StudentTQuantile(0.975, 30), 2.042272456, 1e-8);
  EXPECT_NEAR(StudentTQuantile(0.975, 1), 12.70620474, 1e-7);
  EXPECT_NEAR(StudentTQuantile(0.995, 5), 4.032142984, 1e-8);
  EXPECT_NEAR(StudentTQuantile(0.025, 10), -2.228138852, 1e-8);
  EXPECT_EQ(StudentTQuantile(0.5, 7), 0);
  EXPECT_TRUE(std::isnan(StudentTQuantile(1.0, 7)));
  EXPECT_TRUE(std::isnan(StudentTQuantile(0.9, 0)));
}

// Closed forms: df = 1 is Cauchy, F(1) = 3/4; df = 2 has F(t) = 1/2 + t / (2 sqrt(2 + t²)).
TEST(StudentTTest, CdfMatchesClosedForms) {
  EXPECT_NEAR(StudentTCdf(1, 1), 0.75, 1e-12);
  EXPECT_NEAR(StudentTCdf(2, 2), 0.5 + 2 / (2 * std::sqrt(6.0)), 1e-12);
  EXPECT_NEAR(StudentTCdf(-2, 2), 0.5 - 2 / (2 * std::sqrt(6.0)), 1e-12);
}

// x = 1..5, y = 1, 3, 2, 5, 4: Sxx = 10, Sxy = 8, slope 0.8; residuals -0.4, 0.8, -1, 1.2,
// -0.6, SSE = 3.6, s² = 3.6 / 3 = 1.2, se = sqrt(1.2 / 10); SST = 10, R² = 0.64.
TEST(WithinOlsTest, OneGroupIsOrdinaryLeastSquaresByHand) {
  const std::vector<double> y = {1, 3, 2, 5, 4};
  const std::vector<std::vector<double>> x = {{1}, {2}, {3}, {4}, {5}};
  absl::StatusOr<WithinOlsFit> fit = FitWithinOls(y, x, {0, 0, 0, 0, 0}, 1);
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_NEAR(fit->coefficients[0], 0.8, 1e-12);
  EXPECT_NEAR(fit->standard_errors[0], std::sqrt(0.12), 1e-12);
  EXPECT_NEAR(fit->sse, 3.6, 1e-12);
  EXPECT_NEAR(fit->r_squared, 0.64, 1e-12);
  EXPECT_EQ(fit->degrees_of_freedom, 3);
  EXPECT_NEAR(PredictWithin(*fit, 0, {6}), 3 + 0.8 * 3, 1e-12);
}

// Two groups on different levels with the same slope 2: the within fit finds 2 exactly,
// where a pooled fit with one intercept would be thrown by the levels.
TEST(WithinOlsTest, GroupLevelsAreAbsorbed) {
  const std::vector<double> y = {10 + 2, 10 + 4, 10 + 6, 100 + 4, 100 + 6, 100 + 8};
  const std::vector<std::vector<double>> x = {{1}, {2}, {3}, {2}, {3}, {4}};
  absl::StatusOr<WithinOlsFit> fit = FitWithinOls(y, x, {0, 0, 0, 1, 1, 1}, 2);
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_NEAR(fit->coefficients[0], 2, 1e-12);
  EXPECT_EQ(fit->degrees_of_freedom, 3);
}

TEST(WithinOlsTest, ConstantRegressorAndNoDegreesOfFreedomAreRefused) {
  absl::StatusOr<WithinOlsFit> constant =
      FitWithinOls({1, 2, 3, 4}, {{5}, {5}, {5}, {5}}, {0, 0, 0, 0}, 1);
  EXPECT_EQ(constant.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StartsWith(constant.status().message(), "x:")) << constant.status();
  absl::StatusOr<WithinOlsFit> tight = FitWithinOls({1, 2}, {{1}, {2}}, {0, 0}, 1);
  EXPECT_EQ(tight.status().code(), absl::StatusCode::kFailedPrecondition);
  absl::StatusOr<WithinOlsFit> bad = FitWithinOls({1, 2, 3}, {{1}, {2}, {3}}, {0, 0, 2}, 1);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sales::analytics::domain
