// Nelder-Mead minimisation of a function of a few real parameters, for the maximum
// likelihood fits of the analytics models (BG/NBD, Gamma-Gamma, Holt-Winters): no
// derivatives needed, robust on the smooth, low-dimensional likelihoods they have.
#pragma once

#include <functional>
#include <vector>

namespace sales::analytics::domain {

struct NelderMeadOptions {
  double initial_step = 0.5;       // the first simplex: the start plus this on each axis
  double value_tolerance = 1e-10;  // converged when the simplex's values differ by less...
  double point_tolerance = 1e-8;   // ...and its points by less than this on each axis
  int max_iterations = 5000;
};

struct Minimum {
  std::vector<double> point;
  double value = 0;
  bool converged = false;  // false: max_iterations ran out first
  int iterations = 0;
};

// The minimum of `f` found from `start` with the standard coefficients (reflection 1,
// expansion 2, contraction 1/2, shrink 1/2; Nelder and Mead 1965, as in Lagarias et al.
// 1998). A non-finite value of `f` counts as +infinity, so a region where the model is
// undefined is walked away from.
Minimum MinimizeNelderMead(const std::function<double(const std::vector<double>&)>& f,
                           std::vector<double> start, const NelderMeadOptions& options = {});

}  // namespace sales::analytics::domain
