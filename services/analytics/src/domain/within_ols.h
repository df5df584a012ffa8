// Ordinary least squares with group intercepts absorbed: the "within" (fixed-effects)
// estimator of Wooldridge, "Econometric Analysis of Cross Section and Panel Data", 2nd ed.,
// §10.5: y and every regressor are demeaned per group, the coefficients are the OLS fit of
// the demeaned y on the demeaned regressors without an intercept, and the residual variance
// is SSE / (n - G - k), G groups and k regressors (§10.5.2; with one group this is ordinary
// OLS with an intercept). Var(b) = s² (X'X)⁻¹ of the demeaned X (the classical, homoskedastic
// standard errors, Greene, "Econometric Analysis", 7th ed., §4.5).
#pragma once

#include <vector>

#include "absl/status/statusor.h"

namespace sales::analytics::domain {

struct WithinOlsFit {
  std::vector<double> coefficients;     // b, one per regressor
  std::vector<double> standard_errors;  // sqrt of the diagonal of s² (X'X)⁻¹
  int observations = 0;                 // n
  int groups = 0;                       // G
  int degrees_of_freedom = 0;           // n - G - k
  double sse = 0;                       // Σ residual²
  // Σ (y - its group's mean)²: the within total sum of squares; R² = 1 - sse / sst (the
  // within R², the ordinary R² with one group).
  double sst = 0;
  double r_squared = 0;
  double sigma2 = 0;  // s² = sse / degrees_of_freedom
  // Per group: the mean of y and of each regressor, to predict y = ȳ_g + Σ b_j (x_j - x̄_gj).
  std::vector<double> mean_y;
  std::vector<std::vector<double>> mean_x;
};

// `x[i]` holds observation i's k >= 1 regressors, `group[i]` its group in [0, groups).
// INVALID_ARGUMENT naming `x` for ragged rows or no regressor, `group` for an id out of
// range; FAILED_PRECONDITION naming `x` when there are no degrees of freedom left
// (n <= G + k) or the demeaned regressors are collinear (a pivot of the Cholesky
// factorisation below 1e-10 of its diagonal entry), e.g. a regressor constant in each group.
absl::StatusOr<WithinOlsFit> FitWithinOls(const std::vector<double>& y,
                                          const std::vector<std::vector<double>>& x,
                                          const std::vector<int>& group, int groups);

// The fit's prediction of y for regressors `x` in group `g`.
double PredictWithin(const WithinOlsFit& fit, int g, const std::vector<double>& x);

}  // namespace sales::analytics::domain
