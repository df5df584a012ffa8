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
// Standard errors are cluster-robust by week (Liang and Zeger 1986; Cameron and Miller, "A
// Practitioner's Guide to Cluster-Robust Inference", J. Human Resources 50(2), 2015): V =
// c (X'X)⁻¹ (Σ_w s_w s_w') (X'X)⁻¹ with s_w = Σ_{i in week w} x̃_i û_i and the CR1 factor
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
// [0, periods) (also the cluster).
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
  std::vector<double> standard_errors;  // cluster-robust (CR1); 0 when not identified
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
};

// `x[j]` is regressor j's column (n values). INVALID_ARGUMENT naming `x` or `panel` for
// sizes that do not match or ids out of range; FAILED_PRECONDITION naming `x` when no
// regressor is identified or no residual degree of freedom is left.
absl::StatusOr<TwoWayFit> FitTwoWayWithin(const TwoWayPanel& panel, const std::vector<double>& y,
                                          const std::vector<std::vector<double>>& x);

}  // namespace sales::analytics::domain
