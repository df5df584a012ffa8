#include "services/analytics/src/domain/logistic_regression.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace sales::analytics::domain {
namespace {

// Rows drawn with a known logistic law: P(y = 1 | x) = sigmoid(b0 + b1 x1 + b2 x2 + b3 x3),
// x1, x2 standard normal, x3 an indicator with P = 0.3.
struct Simulated {
  SparseDesign design;
  std::vector<int> outcomes;
};

Simulated Simulate(const std::vector<double>& beta, int n, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::bernoulli_distribution indicator(0.3);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Simulated s;
  s.design.columns = 4;
  for (int i = 0; i < n; ++i) {
    const double x1 = normal(rng);
    const double x2 = normal(rng);
    const bool x3 = indicator(rng);
    std::vector<SparseEntry> row = {{0, 1.0}, {1, x1}, {2, x2}};
    if (x3) row.push_back({3, 1.0});
    const double p = Sigmoid(beta[0] + beta[1] * x1 + beta[2] * x2 + (x3 ? beta[3] : 0.0));
    s.outcomes.push_back(uniform(rng) < p ? 1 : 0);
    s.design.rows.push_back(std::move(row));
  }
  return s;
}

TEST(LogisticRegressionTest, RecoversKnownCoefficientsWithinThreeStandardErrors) {
  const std::vector<double> truth = {-0.5, 1.0, -0.7, 0.8};
  const Simulated s = Simulate(truth, 20000, 20261130);
  const LogisticFit fit = FitLogistic(s.design, s.outcomes, {.l2_penalty = 0.0});
  ASSERT_TRUE(fit.converged);
  EXPECT_LT(fit.iterations, 15);
  for (size_t j = 0; j < truth.size(); ++j) {
    EXPECT_GT(fit.standard_errors[j], 0.0);
    EXPECT_LT(fit.standard_errors[j], 0.06) << "column " << j;
    EXPECT_NEAR(fit.coefficients[j], truth[j], 3.0 * fit.standard_errors[j]) << "column " << j;
  }
}

TEST(LogisticRegressionTest, StandardErrorsMatchTheSpreadOverRepeatedSamples) {
  // The stated standard error of b1 against the spread of b1 over 40 independent samples.
  const std::vector<double> truth = {0.2, 0.6, 0.0, -0.4};
  std::vector<double> estimates;
  double stated = 0.0;
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    const Simulated s = Simulate(truth, 2000, seed);
    const LogisticFit fit = FitLogistic(s.design, s.outcomes, {.l2_penalty = 0.0});
    estimates.push_back(fit.coefficients[1]);
    stated += fit.standard_errors[1] / 40.0;
  }
  double mean = 0.0;
  for (double e : estimates) mean += e / 40.0;
  double variance = 0.0;
  for (double e : estimates) variance += (e - mean) * (e - mean) / 39.0;
  // The sample standard deviation of 40 draws is within about 25% of the truth.
  EXPECT_NEAR(std::sqrt(variance), stated, 0.3 * stated);
  EXPECT_NEAR(mean, truth[1], 3.0 * stated / std::sqrt(40.0));
}

TEST(LogisticRegressionTest, PenaltyShrinksCoefficientsButNotTheIntercept) {
  const std::vector<double> truth = {1.0, 1.0, -0.7, 0.8};
  const Simulated s = Simulate(truth, 500, 7);
  const LogisticFit free = FitLogistic(s.design, s.outcomes, {.l2_penalty = 0.0});
  const LogisticFit shrunk = FitLogistic(s.design, s.outcomes, {.l2_penalty = 200.0});
  for (size_t j = 1; j < truth.size(); ++j) {
    EXPECT_LT(std::abs(shrunk.coefficients[j]), std::abs(free.coefficients[j])) << j;
  }
  // With every slope near zero the intercept tends to the log-odds of the outcome rate.
  const LogisticFit flat = FitLogistic(s.design, s.outcomes, {.l2_penalty = 1e9});
  double won = 0.0;
  for (int y : s.outcomes) won += y;
  const double rate = won / static_cast<double>(s.outcomes.size());
  EXPECT_NEAR(flat.coefficients[0], std::log(rate / (1.0 - rate)), 1e-3);
}

TEST(LogisticRegressionTest, AColumnOfZerosGetsNoCoefficientAndTheFitStillConverges) {
  SparseDesign design;
  design.columns = 3;  // column 2 never set
  std::vector<int> y;
  for (int i = 0; i < 40; ++i) {
    design.rows.push_back({{0, 1.0}, {1, (i % 4) - 1.5}});
    y.push_back(i % 4 >= 2 ? (i % 3 != 0) : (i % 5 == 0));
  }
  const LogisticFit fit = FitLogistic(design, y, {.l2_penalty = 0.0});
  EXPECT_TRUE(fit.converged);
  EXPECT_DOUBLE_EQ(fit.coefficients[2], 0.0);
}

TEST(LogisticRegressionTest, SigmoidIsStableAtLargeArguments) {
  EXPECT_DOUBLE_EQ(Sigmoid(0.0), 0.5);
  EXPECT_DOUBLE_EQ(Sigmoid(1000.0), 1.0);
  EXPECT_DOUBLE_EQ(Sigmoid(-1000.0), 0.0);
  EXPECT_NEAR(Sigmoid(2.0) + Sigmoid(-2.0), 1.0, 1e-15);
}

}  // namespace
}  // namespace sales::analytics::domain
