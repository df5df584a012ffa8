// The BG/NBD model of repeat purchases (Fader, Hardie and Lee 2005, "Counting Your Customers
// the Easy Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2) 275-284):
// while alive a customer buys at a Poisson rate λ ~ Gamma(r, α); after each purchase they
// drop out with probability p ~ Beta(a, b). Fitted by maximum likelihood.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/src/domain/purchase_history.h"

namespace sales::analytics::domain {

struct BgNbdParams {
  double r = 0;
  double alpha = 0;  // in the histories' unit of time
  double a = 0;
  double b = 0;
};

// ln L(r, α, a, b | x, t_x, T) of one customer (FHL 2005 eq. 6, in the log form of Hardie's
// note "Implementing the BG/NBD Model in Excel", brucehardie.com/notes/004).
double BgNbdLogLikelihood(const BgNbdParams& p, const PurchaseHistory& h);
// The sum over customers.
double BgNbdLogLikelihood(const BgNbdParams& p, const std::vector<PurchaseHistory>& histories);

struct BgNbdFit {
  BgNbdParams params;
  double log_likelihood = 0;  // at params, in the histories' unit of time
  bool converged = false;
  int iterations = 0;
};

// The maximum likelihood parameters: Nelder-Mead over the logarithms of the four (so they
// stay positive), from r = α = a = b = 1, with time rescaled so that the oldest customer's
// age is 10 (for the optimiser's conditioning; α is scaled back). INVALID_ARGUMENT when
// there are no histories or none has a repeat purchase.
absl::StatusOr<BgNbdFit> FitBgNbd(const std::vector<PurchaseHistory>& histories);

// P(alive | x, t_x, T) (Fader, Hardie and Lee 2008, "Computing P(alive) Using the BG/NBD
// Model", brucehardie.com/notes/021): 1 for a customer without repeat purchases.
double ProbabilityAlive(const BgNbdParams& p, const PurchaseHistory& h);

// E[Y(t) | x, t_x, T]: the expected number of purchases in the next `horizon` units of time
// (FHL 2005 eq. 10). Needs a != 1.
absl::StatusOr<double> ExpectedPurchases(const BgNbdParams& p, const PurchaseHistory& h,
                                         double horizon);

}  // namespace sales::analytics::domain
