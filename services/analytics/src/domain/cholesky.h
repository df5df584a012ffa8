// The Cholesky factorisation of a symmetric positive definite matrix, A = L L' with L lower
// triangular (Golub and Van Loan, "Matrix Computations", 4th ed., §4.2.5, the outer-product
// order by columns), and the solve and inverse from it. One copy for the fits that need it:
// least squares on the normal equations (within_ols.h, price_elasticity_within.h) and the
// Newton steps of the logistic regression (logistic_regression.h).
//
// Column j's pivot is d_j = a_jj - Σ_{p<j} l_jp², accepted when a_jj > 0 and
// d_j > tolerance × a_jj. With tolerance 0 that is "positive", the definition of positive
// definite in floating point; a small positive tolerance (1e-10) also refuses a column that
// is, to rounding, a combination of the columns before it (a collinear regressor).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace sales::analytics::domain {

// A dense square matrix by rows.
using DenseMatrix = std::vector<std::vector<double>>;

// The factor of the rows and columns of A that were kept.
struct CholeskyFactor {
  std::vector<size_t> kept;  // columns of A factored, ascending
  DenseMatrix lower;         // L, kept.size() square: A on the kept rows and columns = L L'
};

// The factor of the whole of `a` (symmetric; only its lower triangle is read); none when a
// pivot is refused, i.e. `a` is not positive definite (or, with tolerance > 0, nearly
// singular).
std::optional<CholeskyFactor> FactorCholesky(const DenseMatrix& a, double tolerance = 0.0);

// The factor of the columns that are not combinations of earlier ones: each column in turn,
// skipped when its pivot against the columns kept before it is refused. For a regression
// whose later regressors may be collinear with earlier ones (they are then not identified).
CholeskyFactor FactorCholeskySkippingCollinear(const DenseMatrix& a, double tolerance);

// x with A x = b on the kept rows and columns; b (and x) in the order of `kept`.
std::vector<double> SolveCholesky(const CholeskyFactor& factor, std::vector<double> b);

// A⁻¹ on the kept rows and columns, (L L')⁻¹ = L⁻ᵀ L⁻¹, in the order of `kept`.
DenseMatrix InverseFromCholesky(const CholeskyFactor& factor);

}  // namespace sales::analytics::domain
