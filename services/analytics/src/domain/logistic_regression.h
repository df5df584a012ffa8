// L2-regularised logistic regression fitted by Newton-Raphson (iteratively reweighted least
// squares), on sparse rows. Reference: Hastie, Tibshirani and Friedman, The Elements of
// Statistical Learning (2nd ed.), section 4.4.1 (fitting by IRLS) and 4.4.4 (L2 penalty);
// the standard errors are the Wald ones from the inverse (penalised) Hessian.
#pragma once

#include <cstdint>
#include <vector>

namespace sales::analytics::domain {

// One nonzero of a row: column and value.
struct SparseEntry {
  int32_t column = 0;
  double value = 0.0;
};

// A design matrix by rows: each row lists its nonzeros (columns distinct). Column 0 is the
// intercept (every row holds it, value 1) and is not penalised.
struct SparseDesign {
  int32_t columns = 0;
  std::vector<std::vector<SparseEntry>> rows;
};

struct LogisticOptions {
  double l2_penalty = 1.0;  // lambda on every coefficient but column 0
  int max_iterations = 50;
  double tolerance = 1e-8;  // stop when the largest coefficient step is below it
};

struct LogisticFit {
  std::vector<double> coefficients;     // one per column
  std::vector<double> standard_errors;  // sqrt(diag(H^-1)), H the penalised Hessian
  double log_likelihood = 0.0;          // without the penalty
  int iterations = 0;
  bool converged = false;
};

// Maximises sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)] - lambda/2 sum_{j>0} beta_j^2,
// p_i = 1 / (1 + exp(-x_i . beta)), by Newton steps (halved while the penalised
// log-likelihood falls). `outcomes` are 0 or 1, one per row. A Hessian that is not positive
// definite (a column that is zero everywhere, unpenalised) gets a tiny ridge.
LogisticFit FitLogistic(const SparseDesign& design, const std::vector<int>& outcomes,
                        const LogisticOptions& options);

// The fitted probability of one row.
double PredictLogistic(const std::vector<double>& coefficients,
                       const std::vector<SparseEntry>& row);

// 1 / (1 + exp(-z)), stable for large |z|.
double Sigmoid(double z);

}  // namespace sales::analytics::domain
