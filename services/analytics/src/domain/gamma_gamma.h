// The Gamma-Gamma model of spend per purchase (Fader, Hardie and Lee 2005, "RFM and CLV:
// Using Iso-Value Curves for Customer Base Analysis", Journal of Marketing Research 42(4);
// Hardie's note "The Gamma-Gamma Model of Monetary Value", brucehardie.com/notes/025): a
// customer's purchase amounts are Gamma(p, ν), ν ~ Gamma(q, γ) across customers, independent
// of how often they buy. Fitted to the mean repeat-purchase amounts of customers with x > 0.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/src/domain/bg_nbd.h"
#include "services/analytics/src/domain/purchase_history.h"

namespace sales::analytics::domain {

struct GammaGammaParams {
  double p = 0;
  double q = 0;
  double gamma = 0;  // in the amounts' unit (minor units)
};

// ln f(m_x | p, q, γ, x) of one customer with x > 0 repeat purchases of mean amount m_x
// (note 025 eq. 3); customers without repeat purchases are not part of the model.
double GammaGammaLogLikelihood(const GammaGammaParams& p, const PurchaseHistory& h);
// The sum over the customers with x > 0 and a positive mean amount.
double GammaGammaLogLikelihood(const GammaGammaParams& p,
                               const std::vector<PurchaseHistory>& histories);

struct GammaGammaFit {
  GammaGammaParams params;
  double log_likelihood = 0;  // at params, amounts in minor units
  bool converged = false;
  int iterations = 0;
  int customers = 0;  // those with x > 0 and a positive mean amount
};

// Maximum likelihood by Nelder-Mead over log p, log q, log γ from 1, 1, 1, with amounts
// rescaled to a mean of 1 for the optimiser (γ scaled back). INVALID_ARGUMENT when fewer
// than two customers have repeat purchases with a positive mean amount.
absl::StatusOr<GammaGammaFit> FitGammaGamma(const std::vector<PurchaseHistory>& histories);

// E[M | p, q, γ, m_x, x]: the expected amount of a future purchase (note 025 eq. 5), a
// weighted mean of the population mean pγ/(q-1) and the customer's own m_x. The population
// mean for a customer without repeat purchases. Needs q > 1.
absl::StatusOr<double> ExpectedAverageAmount(const GammaGammaParams& p, const PurchaseHistory& h);

// The Pearson correlation between frequency and mean repeat amount over customers with x > 0:
// the Gamma-Gamma model assumes the two independent, so this should be near 0 for its spend
// estimates to hold. NaN for fewer than two such customers or no variance.
double FrequencySpendCorrelation(const std::vector<PurchaseHistory>& histories);

// Customer lifetime value: Σ_{i=1..periods} (E[Y(i·step)] - E[Y((i-1)·step)]) · E[M] /
// (1 + discount_rate)^i: the expected purchases of each future period (BG/NBD) times the
// expected amount (Gamma-Gamma), discounted per period of `step` units of time (the convention
// of the lifetimes library's customer_lifetime_value). In the amounts' unit (minor units).
absl::StatusOr<double> CustomerLifetimeValue(const BgNbdParams& purchases,
                                             const GammaGammaParams& spend,
                                             const PurchaseHistory& h, double step, int periods,
                                             double discount_rate);

}  // namespace sales::analytics::domain
