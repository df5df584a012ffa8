#include "services/analytics/src/domain/price_elasticity_within.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "services/analytics/src/domain/student_t.h"

namespace sales::analytics::domain {
namespace {

TEST(NeweyWestLagsTest, FollowsTheRuleOfThumb) {
  EXPECT_EQ(NeweyWestLags(0), 0);
  EXPECT_EQ(NeweyWestLags(1), 0);
  EXPECT_EQ(NeweyWestLags(26), 2);    // 4 × 0.26^(2/9) = 2.97
  EXPECT_EQ(NeweyWestLags(52), 3);    // 3.47
  EXPECT_EQ(NeweyWestLags(100), 4);   // 4
  EXPECT_EQ(NeweyWestLags(104), 4);   // 4.03
  EXPECT_EQ(NeweyWestLags(1000), 6);  // 6.67
}

// A balanced panel of 3 products over 5 weeks, one regressor: the two-way demeaning has the
// closed form v - v̄_i - v̄_t + v̄, and the Driscoll-Kraay variance at one lag is
// c (Σ s_t² + (1 - 1/2) 2 Σ s_t s_{t-1}) / (Σ x̃²)², computed here independently of the fit.
TEST(TwoWayWithinTest, DriscollKraayVarianceMatchesAHandComputation) {
  constexpr int kUnits = 3;
  constexpr int kWeeks = 5;
  const double x[kUnits][kWeeks] = {
      {0.1, 0.3, -0.2, 0.0, 0.4}, {-0.1, 0.2, 0.5, 0.1, -0.3}, {0.2, -0.4, 0.1, 0.3, 0.0}};
  const double y[kUnits][kWeeks] = {
      {1.0, 0.6, 1.9, 1.2, 0.3}, {2.1, 1.5, 0.8, 1.9, 2.6}, {0.4, 1.7, 0.9, 0.2, 1.1}};
  TwoWayPanel panel;
  panel.units = kUnits;
  panel.periods = kWeeks;
  std::vector<double> ys;
  std::vector<double> xs;
  for (int i = 0; i < kUnits; ++i) {
    for (int t = 0; t < kWeeks; ++t) {
      panel.unit.push_back(i);
      panel.period.push_back(t);
      ys.push_back(y[i][t]);
      xs.push_back(x[i][t]);
    }
  }
  // By hand: demeaned values, b, residuals, week scores.
  auto demean = [&](const double(&v)[kUnits][kWeeks], double(&out)[kUnits][kWeeks]) {
    double all = 0;
    double unit[kUnits] = {};
    double week[kWeeks] = {};
    for (int i = 0; i < kUnits; ++i) {
      for (int t = 0; t < kWeeks; ++t) {
        all += v[i][t] / (kUnits * kWeeks);
        unit[i] += v[i][t] / kWeeks;
        week[t] += v[i][t] / kUnits;
      }
    }
    for (int i = 0; i < kUnits; ++i) {
      for (int t = 0; t < kWeeks; ++t) out[i][t] = v[i][t] - unit[i] - week[t] + all;
    }
  };
  double xd[kUnits][kWeeks];
  double yd[kUnits][kWeeks];
  demean(x, xd);
  demean(y, yd);
  double sxx = 0;
  double sxy = 0;
  for (int i = 0; i < kUnits; ++i) {
    for (int t = 0; t < kWeeks; ++t) {
      sxx += xd[i][t] * xd[i][t];
      sxy += xd[i][t] * yd[i][t];
    }
  }
  const double b = sxy / sxx;
  double score[kWeeks] = {};
  for (int i = 0; i < kUnits; ++i) {
    for (int t = 0; t < kWeeks; ++t) score[t] += xd[i][t] * (yd[i][t] - b * xd[i][t]);
  }
  double gamma0 = 0;
  double gamma1 = 0;
  for (int t = 0; t < kWeeks; ++t) gamma0 += score[t] * score[t];
  for (int t = 1; t < kWeeks; ++t) gamma1 += score[t] * score[t - 1];
  // n = 15, P = 3, W = 5, one component, k = 1: 15 - 7 - 1 = 7 residual degrees of freedom.
  const double c = 5.0 / 4.0 * 14.0 / 7.0;

  const absl::StatusOr<TwoWayFit> cr1 = FitTwoWayWithin(panel, ys, {xs}, 0);
  ASSERT_TRUE(cr1.ok()) << cr1.status();
  EXPECT_NEAR(cr1->coefficients[0], b, 1e-10);
  EXPECT_EQ(cr1->lags, 0);
  EXPECT_EQ(cr1->residual_degrees_of_freedom, 7);
  EXPECT_NEAR(cr1->standard_errors[0], std::sqrt(c * gamma0) / sxx, 1e-10);

  const absl::StatusOr<TwoWayFit> dk = FitTwoWayWithin(panel, ys, {xs}, 1);
  ASSERT_TRUE(dk.ok()) << dk.status();
  EXPECT_EQ(dk->lags, 1);
  EXPECT_NEAR(dk->standard_errors[0], std::sqrt(c * (gamma0 + 0.5 * 2 * gamma1)) / sxx, 1e-10);

  // The default for 5 weeks: floor(4 × 0.05^(2/9)) = 2.
  const absl::StatusOr<TwoWayFit> automatic = FitTwoWayWithin(panel, ys, {xs});
  ASSERT_TRUE(automatic.ok()) << automatic.status();
  EXPECT_EQ(automatic->lags, 2);
}

// Demand shocks that persist and prices that persist (each AR(1) with ρ = 0.5 week to week,
// as a product's popularity drifts and its price moves in spells), 8 products of a category
// over 104 weeks with a common weekly shock, ln q = a_i + d_t - 1.5 ln p + u. Cluster-robust
// by week alone the 95% interval is too narrow (the long-run variance of the scores is
// (1 + ρ²)/(1 - ρ²) = 1.67 times their variance: 90.4% coverage over 2,000 runs);
// Driscoll-Kraay's with 4 lags counts most of it (93.9%). Of 600 simulated categories: at
// least 546 (91%) of its intervals hold the truth, and more than 10 more than by week alone.
TEST(TwoWayWithinTest, DriscollKraayIntervalsHoldWhenShocksAndPricesPersist) {
  constexpr int kProducts = 8;
  constexpr int kWeeks = 104;
  constexpr double kRho = 0.5;
  constexpr double kTrue = -1.5;
  constexpr int kRuns = 600;
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(0.0, 1.0);
  int covered = 0;
  int covered_by_week = 0;
  for (int run = 0; run < kRuns; ++run) {
    TwoWayPanel panel;
    panel.units = kProducts;
    panel.periods = kWeeks;
    std::vector<double> y;
    std::vector<double> x;
    std::vector<double> week_shock(kWeeks);
    for (double& d : week_shock) d = 0.3 * normal(rng);
    for (int i = 0; i < kProducts; ++i) {
      const double level = 3 + normal(rng);
      double u = normal(rng) * 0.2 / std::sqrt(1 - kRho * kRho);
      double p = normal(rng) * 0.1 / std::sqrt(1 - kRho * kRho);
      for (int t = 0; t < kWeeks; ++t) {
        u = kRho * u + 0.2 * normal(rng);
        p = kRho * p + 0.1 * normal(rng);
        panel.unit.push_back(i);
        panel.period.push_back(t);
        x.push_back(p);
        y.push_back(level + week_shock[static_cast<size_t>(t)] + kTrue * p + u);
      }
    }
    for (const int lags : {kAutomaticLags, 0}) {
      const absl::StatusOr<TwoWayFit> fit = FitTwoWayWithin(panel, y, {x}, lags);
      ASSERT_TRUE(fit.ok()) << fit.status();
      const double t = StudentTQuantile(0.975, fit->degrees_of_freedom);
      const bool holds = std::fabs(fit->coefficients[0] - kTrue) <= t * fit->standard_errors[0];
      (lags == 0 ? covered_by_week : covered) += holds ? 1 : 0;
    }
  }
  EXPECT_GE(covered, 546) << covered << " of " << kRuns;
  EXPECT_GT(covered - covered_by_week, 10)
      << covered << " against " << covered_by_week << " of " << kRuns;
}

}  // namespace
}  // namespace sales::analytics::domain
