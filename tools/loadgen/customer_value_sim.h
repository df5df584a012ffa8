// Purchases simulated from the models the analytics service fits (scripts/bench clv), so that
// the fit's speed is measured on data of a known shape and its recovered parameters can be
// compared with the true ones:
// - BG/NBD (Fader, Hardie and Lee 2005): each customer makes a first purchase, then buys at
//   a Poisson rate λ ~ Gamma(r, α) per week while alive, and after each repeat purchase drops
//   out with probability p ~ Beta(a, b);
// - Gamma-Gamma (Fader and Hardie 2013, "The Gamma-Gamma Model of Monetary Value"): each
//   purchase's amount z ~ Gamma(p, ν), with ν ~ Gamma(q, γ) per customer.
// The defaults are the parameters both papers fitted on the CDNOW sample.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "absl/time/time.h"

namespace sales::loadgen {

struct CustomerValueTruth {
  double r = 0.243;
  double alpha = 4.414;  // per week
  double a = 0.793;
  double b = 2.426;
  double p = 6.25;
  double q = 3.74;
  double gamma = 15.44;  // amounts in major units (dollars in the papers)
};

struct SimulatedPurchase {
  int64_t customer = 0;  // 0-based
  absl::Time time;
  int64_t amount_minor = 0;  // at least 1
};

struct PurchaseSimulation {
  int64_t customers = 100000;
  absl::Time start;  // first purchases fall in [start, start + cohort)
  absl::Duration cohort = absl::Hours(24 * 7 * 12);  // CDNOW: a 12-week cohort
  absl::Time end;                                    // nothing is simulated at or after it
  uint64_t seed = 1;
  CustomerValueTruth truth;
};

// Calls `emit` for every purchase, customer by customer, each customer's in time order.
// Returns the number of purchases.
int64_t SimulatePurchases(const PurchaseSimulation& sim,
                          const std::function<void(const SimulatedPurchase&)>& emit);

}  // namespace sales::loadgen
