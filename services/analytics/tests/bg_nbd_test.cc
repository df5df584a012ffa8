#include "services/analytics/src/domain/bg_nbd.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace sales::analytics::domain {
namespace {

// Parameters of the order of those FHL 2005 fitted to CDNOW (r 0.243, α 4.414, a 0.793,
// b 2.426, weeks).
constexpr BgNbdParams kTruth{0.25, 4.0, 0.8, 2.5};

PurchaseHistory History(int x, double t_x, double T) { return {0, x, t_x, T, 0}; }

// The likelihood of FHL 2005 eq. 6 evaluated directly, without logarithms:
// B(a,b+x)/B(a,b) Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
//   + [x > 0] B(a+1,b+x-1)/B(a,b) Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x))
double DirectLikelihood(const BgNbdParams& p, const PurchaseHistory& h) {
  auto beta = [](double u, double v) {
    return std::tgamma(u) * std::tgamma(v) / std::tgamma(u + v);
  };
  const double x = h.frequency;
  const double common = std::tgamma(p.r + x) * std::pow(p.alpha, p.r) / std::tgamma(p.r);
  double l = beta(p.a, p.b + x) / beta(p.a, p.b) * common / std::pow(p.alpha + h.age, p.r + x);
  if (h.frequency > 0) {
    l += beta(p.a + 1, p.b + x - 1) / beta(p.a, p.b) * common /
         std::pow(p.alpha + h.recency, p.r + x);
  }
  return l;
}

TEST(BgNbdTest, TheLogLikelihoodIsTheLogOfThePublishedLikelihood) {
  for (const PurchaseHistory& h : {History(0, 0, 38.86), History(1, 1.71, 38.86),
                                   History(2, 30.43, 38.86), History(7, 29.43, 32.0)}) {
    EXPECT_NEAR(BgNbdLogLikelihood(kTruth, h), std::log(DirectLikelihood(kTruth, h)), 1e-10)
        << h.frequency;
  }
}

// Draws customers from the model itself: λ ~ Gamma(r, α), p ~ Beta(a, b); while alive,
// purchases come at rate λ, and after each repeat purchase the customer drops out with
// probability p; observed from the first purchase (time 0) for T between 26 and 52 weeks.
std::vector<PurchaseHistory> Simulate(const BgNbdParams& p, int customers, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::gamma_distribution<double> rate(p.r, 1.0 / p.alpha);
  std::gamma_distribution<double> ga(p.a, 1.0), gb(p.b, 1.0);
  std::uniform_real_distribution<double> age(26.0, 52.0), unit(0.0, 1.0);
  std::vector<PurchaseHistory> out;
  for (int i = 0; i < customers; ++i) {
    const double lambda = rate(random);
    const double u = ga(random), v = gb(random);
    const double dropout = u / (u + v);
    PurchaseHistory h{i, 0, 0, age(random), 0};
    std::exponential_distribution<double> wait(lambda);
    for (double t = wait(random); t <= h.age; t += wait(random)) {
      ++h.frequency;
      h.recency = t;
      if (unit(random) < dropout) break;
    }
    out.push_back(h);
  }
  return out;
}

TEST(BgNbdTest, TheFitRecoversTheParametersOfSimulatedCustomers) {
  const std::vector<PurchaseHistory> histories = Simulate(kTruth, 5000, 20261130);
  const absl::StatusOr<BgNbdFit> fit = FitBgNbd(histories);
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_TRUE(fit->converged);
  EXPECT_NEAR(fit->params.r, kTruth.r, 0.15 * kTruth.r);
  EXPECT_NEAR(fit->params.alpha, kTruth.alpha, 0.15 * kTruth.alpha);
  EXPECT_NEAR(fit->params.a, kTruth.a, 0.2 * kTruth.a);
  EXPECT_NEAR(fit->params.b, kTruth.b, 0.2 * kTruth.b);
  // The maximum of the likelihood is at least as high as the truth's.
  EXPECT_GE(fit->log_likelihood, BgNbdLogLikelihood(kTruth, histories));
  EXPECT_NEAR(fit->log_likelihood, BgNbdLogLikelihood(fit->params, histories), 1e-9);
}

TEST(BgNbdTest, NothingToFitIsRefused) {
  EXPECT_EQ(FitBgNbd({}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FitBgNbd({History(0, 0, 10), History(0, 0, 20)}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(BgNbdTest, ProbabilityAlive) {
  EXPECT_DOUBLE_EQ(ProbabilityAlive(kTruth, History(0, 0, 30)), 1.0);
  // Note 021: 1 / (1 + a/(b+x-1) ((α+T)/(α+t_x))^(r+x)); x = 3, t_x = 20, T = 30:
  const double odds = 0.8 / (2.5 + 2) * std::pow((4.0 + 30) / (4.0 + 20), 0.25 + 3);
  EXPECT_NEAR(ProbabilityAlive(kTruth, History(3, 20, 30)), 1 / (1 + odds), 1e-12);
  // The longer a frequent buyer has been silent, the less likely they are alive.
  EXPECT_GT(ProbabilityAlive(kTruth, History(10, 29, 30)),
            ProbabilityAlive(kTruth, History(10, 10, 30)));
}

// Σ n P(X(t) = n) over n < 5000 with P from FHL 2005 eq. 8 for a new customer:
//   B(a,b+n)/B(a,b) Γ(r+n)/(Γ(r) n!) q^r s^n
//   + [n > 0] B(a+1,b+n-1)/B(a,b) (1 - q^r Σ_{j<n} Γ(r+j)/(Γ(r) j!) s^j),
// with q = α/(α+t), s = t/(α+t); the inner sum grows by one term per n.
double MeanOfCountDistribution(const BgNbdParams& p, double t) {
  auto log_beta = [](double u, double v) {
    return std::lgamma(u) + std::lgamma(v) - std::lgamma(u + v);
  };
  const double lb = log_beta(p.a, p.b);
  const double q = p.alpha / (p.alpha + t), s = t / (p.alpha + t);
  double mean = 0;
  double partial = 0;  // Σ_{j<n}
  for (int n = 0; n < 5000; ++n) {
    const double log_term =
        std::lgamma(p.r + n) - std::lgamma(p.r) - std::lgamma(n + 1.0) + n * std::log(s);
    double probability = std::exp(log_beta(p.a, p.b + n) - lb + log_term + p.r * std::log(q));
    if (n > 0) {
      probability +=
          std::exp(log_beta(p.a + 1, p.b + n - 1) - lb) * (1 - std::pow(q, p.r) * partial);
    }
    mean += n * probability;
    partial += std::exp(log_term);
  }
  return mean;
}

TEST(BgNbdTest, ExpectedPurchasesOfANewCustomerIsTheMeanOfTheCountDistribution) {
  // Eq. 10 with x = t_x = T = 0 is eq. 9; check it against the mean of eq. 8's distribution,
  // which needs no hypergeometric function.
  for (double t : {1.0, 10.0, 52.0, 156.0}) {
    const double mean = MeanOfCountDistribution(kTruth, t);
    const absl::StatusOr<double> expected = ExpectedPurchases(kTruth, History(0, 0, 0), t);
    ASSERT_TRUE(expected.ok()) << expected.status();
    EXPECT_NEAR(*expected, mean, 1e-6 * mean) << t;
  }
}

TEST(BgNbdTest, ExpectedPurchasesOfANewCustomerWhenAPlusBIsBelowOne) {
  // a + b < 1 makes eq. 10's c = a + b + x - 1 negative for x = 0 (customers who seldom drop
  // out, as on the prediction bench's orders): still the mean of eq. 8's distribution.
  const BgNbdParams p{0.25, 4.0, 0.3, 0.4};
  for (double t : {1.0, 10.0, 52.0}) {
    const double mean = MeanOfCountDistribution(p, t);
    const absl::StatusOr<double> expected = ExpectedPurchases(p, History(0, 0, 0), t);
    ASSERT_TRUE(expected.ok()) << expected.status();
    EXPECT_NEAR(*expected, mean, 1e-6 * mean) << t;
  }
}

TEST(BgNbdTest, OverAShortHorizonExpectedPurchasesAreAliveTimesThePosteriorRate) {
  // For small t, E[Y(t) | x, t_x, T] ≈ P(alive) E[λ | x, T] t with E[λ | x, T] = (r+x)/(α+T).
  const double t = 1e-5;
  for (const PurchaseHistory& h :
       {History(0, 0, 30), History(3, 20, 30), History(40, 29.5, 30), History(400, 29.9, 30)}) {
    const absl::StatusOr<double> expected = ExpectedPurchases(kTruth, h, t);
    ASSERT_TRUE(expected.ok()) << expected.status();
    const double limit =
        ProbabilityAlive(kTruth, h) * (kTruth.r + h.frequency) / (kTruth.alpha + h.age) * t;
    EXPECT_NEAR(*expected, limit, 1e-3 * limit) << h.frequency;
  }
  const absl::StatusOr<double> zero = ExpectedPurchases(kTruth, History(3, 20, 30), 0);
  EXPECT_EQ(*zero, 0.0);
}

}  // namespace
}  // namespace sales::analytics::domain
