#include "services/analytics/src/domain/cholesky.h"

#include <cmath>
#include <utility>

namespace sales::analytics::domain {
namespace {

// Appends column j of `a` to the factor of the kept columns (L's rows are kept as far as
// their diagonal while factoring); false, leaving the factor as it was, when its pivot is
// refused.
bool Extend(const DenseMatrix& a, size_t j, double tolerance, CholeskyFactor& f) {
  const size_t q = f.kept.size();
  std::vector<double> row(q + 1, 0.0);
  double d = a[j][j];
  for (size_t c = 0; c < q; ++c) {
    double s = a[j][f.kept[c]];
    for (size_t p = 0; p < c; ++p) s -= row[p] * f.lower[c][p];
    row[c] = s / f.lower[c][c];
    d -= row[c] * row[c];
  }
  if (!(a[j][j] > 0) || !(d > tolerance * a[j][j])) return false;
  row[q] = std::sqrt(d);
  f.lower.push_back(std::move(row));
  f.kept.push_back(j);
  return true;
}

// Pads each row of L with zeros above the diagonal.
void Square(CholeskyFactor& f) {
  for (std::vector<double>& row : f.lower) row.resize(f.kept.size(), 0.0);
}

}  // namespace

std::optional<CholeskyFactor> FactorCholesky(const DenseMatrix& a, double tolerance) {
  CholeskyFactor f;
  for (size_t j = 0; j < a.size(); ++j) {
    if (!Extend(a, j, tolerance, f)) return std::nullopt;
  }
  Square(f);
  return f;
}

CholeskyFactor FactorCholeskySkippingCollinear(const DenseMatrix& a, double tolerance) {
  CholeskyFactor f;
  for (size_t j = 0; j < a.size(); ++j) Extend(a, j, tolerance, f);
  Square(f);
  return f;
}

std::vector<double> SolveCholesky(const CholeskyFactor& factor, std::vector<double> b) {
  const DenseMatrix& l = factor.lower;
  const size_t n = l.size();
  // L y = b, then L' x = y.
  for (size_t i = 0; i < n; ++i) {
    for (size_t p = 0; p < i; ++p) b[i] -= l[i][p] * b[p];
    b[i] /= l[i][i];
  }
  for (size_t i = n; i-- > 0;) {
    for (size_t p = i + 1; p < n; ++p) b[i] -= l[p][i] * b[p];
    b[i] /= l[i][i];
  }
  return b;
}

DenseMatrix InverseFromCholesky(const CholeskyFactor& factor) {
  const DenseMatrix& l = factor.lower;
  const size_t n = l.size();
  // L⁻¹ by forward substitution, column by column.
  DenseMatrix linv(n, std::vector<double>(n, 0.0));
  for (size_t c = 0; c < n; ++c) {
    linv[c][c] = 1 / l[c][c];
    for (size_t r = c + 1; r < n; ++r) {
      double s = 0;
      for (size_t m = c; m < r; ++m) s -= l[r][m] * linv[m][c];
      linv[r][c] = s / l[r][r];
    }
  }
  // L⁻ᵀ L⁻¹, symmetric.
  DenseMatrix inv(n, std::vector<double>(n, 0.0));
  for (size_t r = 0; r < n; ++r) {
    for (size_t c = 0; c <= r; ++c) {
      double s = 0;
      for (size_t m = r; m < n; ++m) s += linv[m][r] * linv[m][c];
      inv[r][c] = inv[c][r] = s;
    }
  }
  return inv;
}

}  // namespace sales::analytics::domain
