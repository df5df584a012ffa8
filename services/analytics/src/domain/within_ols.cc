#include "services/analytics/src/domain/within_ols.h"

#include <cmath>
#include <optional>

#include "absl/strings/str_cat.h"
#include "services/analytics/src/domain/cholesky.h"

namespace sales::analytics::domain {
namespace {

using Matrix = std::vector<std::vector<double>>;

// A pivot below this share of its diagonal entry marks collinear regressors.
constexpr double kPivotTolerance = 1e-10;

}  // namespace

absl::StatusOr<WithinOlsFit> FitWithinOls(const std::vector<double>& y, const Matrix& x,
                                          const std::vector<int>& group, int groups) {
  const size_t n = y.size();
  if (x.size() != n || group.size() != n) {
    return absl::InvalidArgumentError("x: one row of regressors and one group per observation");
  }
  const size_t k = n == 0 ? 0 : x.front().size();
  if (n > 0 && k == 0) return absl::InvalidArgumentError("x: at least one regressor");
  for (size_t i = 0; i < n; ++i) {
    if (x[i].size() != k) return absl::InvalidArgumentError(absl::StrCat("x: row ", i, " ragged"));
    if (group[i] < 0 || group[i] >= groups) {
      return absl::InvalidArgumentError(absl::StrCat("group: ", group[i], " out of range"));
    }
  }
  const int df = static_cast<int>(n) - groups - static_cast<int>(k);
  if (df < 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("x: ", n, " observations leave no degree of freedom for ", groups,
                     " group means and ", k, " coefficients"));
  }
  WithinOlsFit fit;
  fit.observations = static_cast<int>(n);
  fit.groups = groups;
  fit.degrees_of_freedom = df;
  fit.mean_y.assign(static_cast<size_t>(groups), 0.0);
  fit.mean_x.assign(static_cast<size_t>(groups), std::vector<double>(k, 0.0));
  std::vector<int> counts(static_cast<size_t>(groups), 0);
  for (size_t i = 0; i < n; ++i) {
    const size_t g = static_cast<size_t>(group[i]);
    ++counts[g];
    fit.mean_y[g] += y[i];
    for (size_t j = 0; j < k; ++j) fit.mean_x[g][j] += x[i][j];
  }
  for (size_t g = 0; g < counts.size(); ++g) {
    if (counts[g] == 0) continue;
    fit.mean_y[g] /= counts[g];
    for (double& m : fit.mean_x[g]) m /= counts[g];
  }
  Matrix xtx(k, std::vector<double>(k, 0.0));
  std::vector<double> xty(k, 0.0);
  std::vector<double> row(k);
  for (size_t i = 0; i < n; ++i) {
    const size_t g = static_cast<size_t>(group[i]);
    const double dy = y[i] - fit.mean_y[g];
    for (size_t j = 0; j < k; ++j) row[j] = x[i][j] - fit.mean_x[g][j];
    for (size_t a = 0; a < k; ++a) {
      xty[a] += row[a] * dy;
      for (size_t b = 0; b <= a; ++b) xtx[a][b] += row[a] * row[b];
    }
    fit.sst += dy * dy;
  }
  for (size_t a = 0; a < k; ++a) {
    for (size_t b = a + 1; b < k; ++b) xtx[a][b] = xtx[b][a];
  }
  const std::optional<CholeskyFactor> l = FactorCholesky(xtx, kPivotTolerance);
  if (!l.has_value()) {
    return absl::FailedPreconditionError(
        "x: the regressors (demeaned per group) are collinear or constant");
  }
  fit.coefficients = SolveCholesky(*l, xty);
  for (size_t i = 0; i < n; ++i) {
    const double e = y[i] - PredictWithin(fit, group[i], x[i]);
    fit.sse += e * e;
  }
  fit.sigma2 = fit.sse / df;
  fit.r_squared = fit.sst > 0 ? 1 - fit.sse / fit.sst : 0;
  const Matrix inverse = InverseFromCholesky(*l);
  fit.standard_errors.resize(k);
  for (size_t j = 0; j < k; ++j) fit.standard_errors[j] = std::sqrt(fit.sigma2 * inverse[j][j]);
  return fit;
}

double PredictWithin(const WithinOlsFit& fit, int g, const std::vector<double>& x) {
  const size_t group = static_cast<size_t>(g);
  double value = fit.mean_y[group];
  for (size_t j = 0; j < fit.coefficients.size(); ++j) {
    value += fit.coefficients[j] * (x[j] - fit.mean_x[group][j]);
  }
  return value;
}

}  // namespace sales::analytics::domain
