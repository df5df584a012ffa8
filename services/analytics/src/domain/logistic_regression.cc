#include "services/analytics/src/domain/logistic_regression.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "services/analytics/src/domain/cholesky.h"

namespace sales::analytics::domain {
namespace {

double Dot(const std::vector<double>& beta, const std::vector<SparseEntry>& row) {
  double z = 0.0;
  for (const SparseEntry& e : row) z += beta[e.column] * e.value;
  return z;
}

// log(1 + exp(z)), stable.
double Log1pExp(double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

double LogLikelihood(const SparseDesign& design, const std::vector<int>& y,
                     const std::vector<double>& beta) {
  double ll = 0.0;
  for (size_t i = 0; i < design.rows.size(); ++i) {
    const double z = Dot(beta, design.rows[i]);
    ll += y[i] * z - Log1pExp(z);
  }
  return ll;
}

double Penalty(const std::vector<double>& beta, double lambda) {
  double s = 0.0;
  for (size_t j = 1; j < beta.size(); ++j) s += beta[j] * beta[j];
  return 0.5 * lambda * s;
}

// The penalised Hessian (X^T W X + lambda P) and gradient of the penalised log-likelihood.
void HessianAndGradient(const SparseDesign& design, const std::vector<int>& y,
                        const std::vector<double>& beta, double lambda, DenseMatrix& h,
                        std::vector<double>& g) {
  const int n = design.columns;
  h.assign(n, std::vector<double>(n, 0.0));
  g.assign(n, 0.0);
  for (size_t i = 0; i < design.rows.size(); ++i) {
    const std::vector<SparseEntry>& row = design.rows[i];
    const double p = Sigmoid(Dot(beta, row));
    const double w = p * (1.0 - p);
    const double r = y[i] - p;
    for (const SparseEntry& a : row) {
      g[a.column] += r * a.value;
      const double wa = w * a.value;
      for (const SparseEntry& b : row) {
        if (b.column <= a.column) h[a.column][b.column] += wa * b.value;
      }
    }
  }
  for (int j = 0; j < n; ++j) {
    for (int k = j + 1; k < n; ++k) h[j][k] = h[k][j];  // lower to upper
  }
  for (int j = 1; j < n; ++j) {
    h[j][j] += lambda;
    g[j] -= lambda * beta[j];
  }
}

// Factorises `h`, adding a growing ridge until it is positive definite.
CholeskyFactor Factor(const DenseMatrix& h) {
  for (double ridge = 0.0;; ridge = ridge == 0.0 ? 1e-10 : ridge * 100.0) {
    DenseMatrix ridged = h;
    for (size_t j = 0; j < ridged.size(); ++j) ridged[j][j] += ridge;
    if (std::optional<CholeskyFactor> l = FactorCholesky(ridged)) return *std::move(l);
  }
}

}  // namespace

double Sigmoid(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

double PredictLogistic(const std::vector<double>& coefficients,
                       const std::vector<SparseEntry>& row) {
  return Sigmoid(Dot(coefficients, row));
}

LogisticFit FitLogistic(const SparseDesign& design, const std::vector<int>& outcomes,
                        const LogisticOptions& options) {
  const int n = design.columns;
  LogisticFit fit;
  fit.coefficients.assign(n, 0.0);
  const double lambda = options.l2_penalty;
  double objective =
      LogLikelihood(design, outcomes, fit.coefficients) - Penalty(fit.coefficients, lambda);
  DenseMatrix h;
  std::vector<double> g;
  for (fit.iterations = 1; fit.iterations <= options.max_iterations; ++fit.iterations) {
    HessianAndGradient(design, outcomes, fit.coefficients, lambda, h, g);
    const std::vector<double> step = SolveCholesky(Factor(h), g);
    // Step halving keeps every iterate an improvement (rarely needed for this concave
    // objective, but separation can make a full step overshoot).
    double scale = 1.0;
    std::vector<double> next(n);
    double next_objective = objective;
    for (int half = 0; half < 30; ++half, scale *= 0.5) {
      for (int j = 0; j < n; ++j) next[j] = fit.coefficients[j] + scale * step[j];
      next_objective = LogLikelihood(design, outcomes, next) - Penalty(next, lambda);
      if (next_objective >= objective - 1e-12 * std::abs(objective)) break;
    }
    double largest = 0.0;
    for (int j = 0; j < n; ++j)
      largest = std::max(largest, std::abs(next[j] - fit.coefficients[j]));
    fit.coefficients = next;
    objective = next_objective;
    if (largest < options.tolerance) {
      fit.converged = true;
      break;
    }
  }
  fit.iterations = std::min(fit.iterations, options.max_iterations);
  // Standard errors from the Hessian at the optimum.
  HessianAndGradient(design, outcomes, fit.coefficients, lambda, h, g);
  const DenseMatrix inverse = InverseFromCholesky(Factor(h));
  fit.standard_errors.assign(n, 0.0);
  for (int j = 0; j < n; ++j) fit.standard_errors[j] = std::sqrt(std::max(0.0, inverse[j][j]));
  fit.log_likelihood = LogLikelihood(design, outcomes, fit.coefficients);
  return fit;
}

}  // namespace sales::analytics::domain
