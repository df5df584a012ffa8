// The two-way within estimator of the price elasticities with category-week effects: y and
// every regressor demeaned by product and by week (a category's products share the week
// effect), the demeaning done by alternating projections until it converges (Guimarães and
// Portugal, "A simple feasible procedure to fit models with high-dimensional fixed effects",
// Stata Journal 10(4), 2010; Gaure, "OLS with multiple high dimensional category variables",
// CSDA 66, 2013), then OLS of the demeaned y on the demeaned regressors (the within
// estimator, Wooldridge, "Econometric Analysis of Cross Section and Panel Data", 2nd ed.,
// §10.5, with a second dimension of effects). Weeks holding one product only (and products
// left with one week) are singletons that the effects fit exactly: they are dropped before
// fitting (Correia, "Singletons, cluster-robust standard errors and fixed effects: a bad
// mix", 2015).
//
// Standard errors are Driscoll and Kraay's ("Consistent covariance matrix estimation with
// spatially dependent panel data", Rev. Econ. Stat. 80(4), 1998; Hoechle, "Robust standard
// errors for panel regressions with cross-sectional dependence", Stata Journal 7(3), 2007):
// cluster-robust by week (Liang and Zeger 1986; Cameron and Miller, "A Practitioner's Guide
// to Cluster-Robust Inference", J. Human Resources 50(2), 2015), any correlation within a
// week allowed, and also robust to correlation between weeks up to L apart: V =
// c (X'X)⁻¹ (Γ_0 + Σ_{l=1..L} (1 - l/(L+1)) (Γ_l + Γ_l')) (X'X)⁻¹, Γ_l = Σ_w s_w s_{w-l}',
// s_w = Σ_{i in week w} x̃_i û_i, L = floor(4 (W/100)^(2/9)) (Newey and West's rule, as
// Hoechle's xtscc; 4 for two years of weeks). Cluster-robust by week alone (L = 0) is too
// narrow when a product's demand shocks persist and so does its price (a list-price change
// is a step): in simulation (price_elasticity_within_test: AR(1) shocks and prices, ρ = 0.5,
// 2,000 runs) its 95% interval covered 90.4% and this one 93.9%; with independent weeks
// 96.7% and 95.9%. The factor is CR1's,
// c = C/(C-1) × (n-1)/(n - P - W + K_c - k), C week clusters, every fixed effect counted: P
// product and W week effects less one level per connected component K_c of the
// product-week graph (shared by both dimensions), and k regressors kept. Cameron and Miller
// leave effects nested in the clusters (the week effects here) out of c for many
// observations per cluster; with a category's few products per week they take a visible
// share of each cluster's residuals, and in simulation (2 to 20 products a week, 104 weeks)
// the interval left them out covered 92-94% of the time, with them 95% from 8 products on
// and more (conservatively, 99% at 2) below. The interval's Student t takes min(C - 1,
// n - P - W + K_c - k) degrees of freedom.
#pragma once

#include <vector>

#include "absl/status/statusor.h"

namespace sales::analytics::domain {

// Observations of one category: `unit[i]` the product in [0, units), `period[i]` the week in
// [0, periods), in calendar order (the cluster; lags count in these weeks).
struct TwoWayPanel {
  std::vector<int> unit;
  std::vector<int> period;
  int units = 0;
  int periods = 0;
};

// Rows to keep: those not in a singleton, dropping weeks with one product and products with
// one week until none is left.
std::vector<bool> NonSingletonRows(const TwoWayPanel& panel);

// `v` minus its product and week effects (alternating projections, to 1e-12 of v's scale).
std::vector<double> DemeanTwoWay(const TwoWayPanel& panel, const std::vector<double>& v);

struct TwoWayFit {
  std::vector<double> coefficients;     // one per regressor; 0 when not identified
  std::vector<double> standard_errors;  // Driscoll-Kraay (CR1 at lags 0); 0 when not identified
  std::vector<bool> identified;         // false: collinear with the effects and earlier regressors
  int observations = 0;                 // n
  int units = 0;                        // P: products with observations
  int periods = 0;                      // W: weeks with observations (= clusters C)
  int components = 0;                   // connected components of the product-week graph
  int regressors = 0;                   // k: identified regressors
  int residual_degrees_of_freedom = 0;  // n - (P + W - components) - k
  int degrees_of_freedom = 0;           // min(C - 1, residual): the t's
  double sse = 0;                       // Σ û²
  double sst = 0;                       // Σ ỹ², the two-way within total
  double r_squared = 0;                 // 1 - sse / sst
  int lags = 0;                         // L: lags of week scores in the standard errors
};

// Bartlett lags for `weeks` weeks: floor(4 (weeks / 100)^(2/9)) (Newey and West 1994's rule,
// xtscc's default).
int NeweyWestLags(int weeks);

// FitTwoWayWithin's lags chosen by NeweyWestLags over the weeks with observations.
inline constexpr int kAutomaticLags = -1;

// `x[j]` is regressor j's column (n values). INVALID_ARGUMENT naming `x` or `panel` for
// sizes that do not match or ids out of range; FAILED_PRECONDITION naming `x` when no
// regressor is identified or no residual degree of freedom is left.
// `lags`: L of the standard errors (0: cluster-robust by week alone).
absl::StatusOr<TwoWayFit> FitTwoWayWithin(const TwoWayPanel& panel, const std::vector<double>& y,
                                          const std::vector<std::vector<double>>& x,
                                          int lags = kAutomaticLags);

}  // namespace sales::analytics::domain
