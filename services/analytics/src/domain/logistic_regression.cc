#include "services/analytics/src/domain/logistic_regression.h"

#include <algorithm>
#include <cmath>

namespace sales::analytics::domain {
namespace {

// Dense symmetric positive definite matrix, row-major, n x n.
using Matrix = std::vector<double>;

// In-place Cholesky factorisation A = L L^T (L in the lower triangle); false when A is not
// positive definite.
bool Cholesky(Matrix& a, int n) {
  for (int j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (int k = 0; k < j; ++k) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0.0)) return false;
    d = std::sqrt(d);
    a[j * n + j] = d;
    for (int i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (int k = 0; k < j; ++k) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / d;
    }
  }
  return true;
}

// Solves L L^T x = b with the factor from Cholesky.
std::vector<double> CholeskySolve(const Matrix& l, int n, std::vector<double> b) {
  for (int i = 0; i < n; ++i) {
    double s = b[i];
    for (int k = 0; k < i; ++k) s -= l[i * n + k] * b[k];
    b[i] = s / l[i * n + i];
  }
  for (int i = n - 1; i >= 0; --i) {
    double s = b[i];
    for (int k = i + 1; k < n; ++k) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
  return b;
}

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
                        const std::vector<double>& beta, double lambda, Matrix& h,
                        std::vector<double>& g) {
  const int n = design.columns;
  h.assign(static_cast<size_t>(n) * n, 0.0);
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
        if (b.column <= a.column) h[a.column * n + b.column] += wa * b.value;
      }
    }
  }
  for (int j = 0; j < n; ++j) {
    for (int k = j + 1; k < n; ++k) h[j * n + k] = h[k * n + j];  // lower to upper
  }
  for (int j = 1; j < n; ++j) {
    h[j * n + j] += lambda;
    g[j] -= lambda * beta[j];
  }
}

// Factorises `h`, adding a growing ridge until it is positive definite.
Matrix Factor(const Matrix& h, int n) {
  for (double ridge = 0.0;; ridge = ridge == 0.0 ? 1e-10 : ridge * 100.0) {
    Matrix l = h;
    for (int j = 0; j < n; ++j) l[j * n + j] += ridge;
    if (Cholesky(l, n)) return l;
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
  Matrix h;
  std::vector<double> g;
  for (fit.iterations = 1; fit.iterations <= options.max_iterations; ++fit.iterations) {
    HessianAndGradient(design, outcomes, fit.coefficients, lambda, h, g);
    const std::vector<double> step = CholeskySolve(Factor(h, n), n, g);
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
  const Matrix l = Factor(h, n);
  fit.standard_errors.assign(n, 0.0);
  for (int j = 0; j < n; ++j) {
    std::vector<double> e(n, 0.0);
    e[j] = 1.0;
    fit.standard_errors[j] = std::sqrt(std::max(0.0, CholeskySolve(l, n, e)[j]));
  }
  fit.log_likelihood = LogLikelihood(design, outcomes, fit.coefficients);
  return fit;
}

}  // namespace sales::analytics::domain
