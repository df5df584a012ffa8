#include "services/analytics/src/domain/gamma_gamma.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace sales::analytics::domain {
namespace {

// Of the order of Hardie's CDNOW fit (p 6.25, q 3.74, γ 15.44 in dollars), in cents.
constexpr GammaGammaParams kTruth{6.0, 4.0, 1500.0};

PurchaseHistory Spender(int x, double mean) { return {0, x, 1, 2, mean}; }

TEST(GammaGammaTest, TheLogLikelihoodIsTheLogOfThePublishedDensity) {
  // Note 025 eq. 3: Γ(px+q)/(Γ(px)Γ(q)) γ^q m^(px-1) x^(px) / (γ + m x)^(px+q), evaluated
  // directly for small x.
  const GammaGammaParams p{2.5, 3.0, 15.0};
  for (const PurchaseHistory& h : {Spender(1, 20.0), Spender(2, 35.5), Spender(4, 12.25)}) {
    const double x = h.frequency, m = h.mean_repeat_amount_minor, px = p.p * x;
    const double density = std::tgamma(px + p.q) / (std::tgamma(px) * std::tgamma(p.q)) *
                           std::pow(p.gamma, p.q) * std::pow(m, px - 1) * std::pow(x, px) /
                           std::pow(p.gamma + m * x, px + p.q);
    EXPECT_NEAR(GammaGammaLogLikelihood(p, h), std::log(density), 1e-10);
  }
  // Customers without repeat purchases are not in the model.
  EXPECT_EQ(GammaGammaLogLikelihood(p, std::vector<PurchaseHistory>{Spender(0, 0)}), 0.0);
}

TEST(GammaGammaTest, TheFitRecoversTheParametersOfSimulatedSpend) {
  std::mt19937_64 random(42);
  std::gamma_distribution<double> nu(kTruth.q, 1.0 / kTruth.gamma);
  std::uniform_int_distribution<int> purchases(1, 12);
  std::vector<PurchaseHistory> histories;
  for (int i = 0; i < 4000; ++i) {
    const double v = nu(random);
    std::gamma_distribution<double> amount(kTruth.p, 1.0 / v);
    const int x = purchases(random);
    double total = 0;
    for (int k = 0; k < x; ++k) total += amount(random);
    histories.push_back(Spender(x, total / x));
  }
  histories.push_back(Spender(0, 0));  // left out of the fit
  const absl::StatusOr<GammaGammaFit> fit = FitGammaGamma(histories);
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_TRUE(fit->converged);
  EXPECT_EQ(fit->customers, 4000);
  EXPECT_NEAR(fit->params.p, kTruth.p, 0.2 * kTruth.p);
  EXPECT_NEAR(fit->params.q, kTruth.q, 0.2 * kTruth.q);
  EXPECT_NEAR(fit->params.gamma, kTruth.gamma, 0.3 * kTruth.gamma);
  EXPECT_GE(fit->log_likelihood, GammaGammaLogLikelihood(kTruth, histories));
  // The fit sums the likelihood grouped by frequency: the same as customer by customer.
  EXPECT_NEAR(fit->log_likelihood, GammaGammaLogLikelihood(fit->params, histories),
              1e-9 * std::abs(fit->log_likelihood));
  // Spend drawn independently of frequency: the correlation is near zero.
  EXPECT_LT(std::abs(FrequencySpendCorrelation(histories)), 0.05);
}

TEST(GammaGammaTest, TheExpectedAmountWeighsThePopulationMeanAgainstTheCustomersOwn) {
  const PurchaseHistory h = Spender(3, 4000.0);
  const double px = kTruth.p * 3;
  const double population = kTruth.p * kTruth.gamma / (kTruth.q - 1);
  const double weight = (kTruth.q - 1) / (px + kTruth.q - 1);
  EXPECT_NEAR(*ExpectedAverageAmount(kTruth, h), weight * population + (1 - weight) * 4000.0, 1e-9);
  EXPECT_NEAR(*ExpectedAverageAmount(kTruth, Spender(0, 0)), population, 1e-9);
  EXPECT_EQ(ExpectedAverageAmount({1, 1, 1}, h).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FitGammaGamma({Spender(2, 10)}).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(GammaGammaTest, LifetimeValueSumsTheDiscountedExpectedPurchasesOfEachPeriod) {
  const BgNbdParams purchases{0.25, 4.0, 0.8, 2.5};
  const PurchaseHistory h{0, 3, 20, 30, 4000.0};
  const double amount = *ExpectedAverageAmount(kTruth, h);
  const double y4 = *ExpectedPurchases(purchases, h, 4.0);
  const double y8 = *ExpectedPurchases(purchases, h, 8.0);
  // Two periods of 4 weeks at 1% a period.
  EXPECT_NEAR(*CustomerLifetimeValue(purchases, kTruth, h, 4.0, 2, 0.01),
              y4 * amount / 1.01 + (y8 - y4) * amount / (1.01 * 1.01), 1e-9);
  // Undiscounted, the value is the expected purchases over the whole horizon times the amount.
  EXPECT_NEAR(*CustomerLifetimeValue(purchases, kTruth, h, 4.0, 2, 0.0), y8 * amount, 1e-9);
  EXPECT_EQ(CustomerLifetimeValue(purchases, kTruth, h, 0.0, 2, 0.0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sales::analytics::domain
