#include "services/analytics/src/domain/cholesky.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sales::analytics::domain {
namespace {

void ExpectNear(const DenseMatrix& actual, const DenseMatrix& expected, double tolerance) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t r = 0; r < expected.size(); ++r) {
    ASSERT_EQ(actual[r].size(), expected[r].size()) << "row " << r;
    for (size_t c = 0; c < expected[r].size(); ++c) {
      EXPECT_NEAR(actual[r][c], expected[r][c], tolerance) << "(" << r << ", " << c << ")";
    }
  }
}

// The textbook case with an integer factor: A = L L' for L = [2 0 0; 6 1 0; -8 5 3].
// By hand, L⁻¹ = [1/2 0 0; -3 1 0; 19/3 -5/3 1/3], and A⁻¹ = L⁻ᵀ L⁻¹.
const DenseMatrix kA = {{4, 12, -16}, {12, 37, -43}, {-16, -43, 98}};

TEST(CholeskyTest, FactorOfASymmetricPositiveDefiniteMatrixByHand) {
  const std::optional<CholeskyFactor> f = FactorCholesky(kA);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kept, (std::vector<size_t>{0, 1, 2}));
  ExpectNear(f->lower, {{2, 0, 0}, {6, 1, 0}, {-8, 5, 3}}, 1e-12);
}

TEST(CholeskyTest, InverseByHand) {
  const std::optional<CholeskyFactor> f = FactorCholesky(kA);
  ASSERT_TRUE(f.has_value());
  ExpectNear(InverseFromCholesky(*f),
             {{1777.0 / 36, -122.0 / 9, 19.0 / 9},
              {-122.0 / 9, 34.0 / 9, -5.0 / 9},
              {19.0 / 9, -5.0 / 9, 1.0 / 9}},
             1e-10);
}

// A (1, 2, 3) = (4 + 24 - 48, 12 + 74 - 129, -16 - 86 + 294).
TEST(CholeskyTest, SolveRecoversTheVector) {
  const std::optional<CholeskyFactor> f = FactorCholesky(kA);
  ASSERT_TRUE(f.has_value());
  const std::vector<double> x = SolveCholesky(*f, {-20, -43, 192});
  ASSERT_EQ(x.size(), 3u);
  EXPECT_NEAR(x[0], 1, 1e-12);
  EXPECT_NEAR(x[1], 2, 1e-12);
  EXPECT_NEAR(x[2], 3, 1e-12);
}

// [1 2; 2 4] is singular (its second pivot 4 - 2² = 0); [1 2; 2 1] is indefinite (pivot
// 1 - 4 = -3); a zero diagonal entry has no pivot at all.
TEST(CholeskyTest, SingularAndIndefiniteMatricesAreRefused) {
  EXPECT_FALSE(FactorCholesky({{1, 2}, {2, 4}}).has_value());
  EXPECT_FALSE(FactorCholesky({{1, 2}, {2, 1}}).has_value());
  EXPECT_FALSE(FactorCholesky({{0, 0}, {0, 1}}).has_value());
  EXPECT_FALSE(FactorCholesky({{-1}}).has_value());
}

// [1 1; 1 1 + 1e-12]: the second pivot is 1e-12, positive (accepted with tolerance 0) but
// below 1e-10 of its diagonal entry (refused as collinear with it).
TEST(CholeskyTest, ThePivotToleranceIsRelativeToTheDiagonal) {
  const DenseMatrix nearly = {{1, 1}, {1, 1 + 1e-12}};
  EXPECT_TRUE(FactorCholesky(nearly).has_value());
  EXPECT_FALSE(FactorCholesky(nearly, 1e-10).has_value());
  // Scale does not matter: the same matrix times 1e-20 is refused the same way.
  EXPECT_FALSE(FactorCholesky({{1e-20, 1e-20}, {1e-20, 1e-20 + 1e-32}}, 1e-10).has_value());
  EXPECT_TRUE(FactorCholesky({{1e-20, 0}, {0, 1e-20}}, 1e-10).has_value());
}

// The Gram matrix of u = (1, 0, 1), v = (0, 1, 1) and w = u + v: w is skipped, and the factor
// and inverse are those of [2 1; 1 2] (L = [√2 0; 1/√2 √(3/2)], inverse [2 -1; -1 2] / 3).
TEST(CholeskyTest, ACollinearColumnIsSkipped) {
  const DenseMatrix gram = {{2, 1, 3}, {1, 2, 3}, {3, 3, 6}};
  EXPECT_FALSE(FactorCholesky(gram, 1e-10).has_value());
  const CholeskyFactor f = FactorCholeskySkippingCollinear(gram, 1e-10);
  EXPECT_EQ(f.kept, (std::vector<size_t>{0, 1}));
  ExpectNear(f.lower, {{std::sqrt(2.0), 0}, {1 / std::sqrt(2.0), std::sqrt(1.5)}}, 1e-12);
  ExpectNear(InverseFromCholesky(f), {{2.0 / 3, -1.0 / 3}, {-1.0 / 3, 2.0 / 3}}, 1e-12);
  // A solve in the kept columns' order: [2 1; 1 2] (1, -1) = (1, -1).
  const std::vector<double> x = SolveCholesky(f, {1, -1});
  EXPECT_NEAR(x[0], 1, 1e-12);
  EXPECT_NEAR(x[1], -1, 1e-12);
}

// A column without variance in the middle is skipped and the later one still kept.
TEST(CholeskyTest, AZeroColumnIsSkippedAndTheNextKept) {
  const CholeskyFactor f =
      FactorCholeskySkippingCollinear({{1, 0, 0}, {0, 0, 0}, {0, 0, 4}}, 1e-10);
  EXPECT_EQ(f.kept, (std::vector<size_t>{0, 2}));
  ExpectNear(f.lower, {{1, 0}, {0, 2}}, 1e-12);
}

TEST(CholeskyTest, AnEmptyMatrixHasAnEmptyFactor) {
  const std::optional<CholeskyFactor> f = FactorCholesky({});
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(f->kept.empty());
  EXPECT_TRUE(InverseFromCholesky(*f).empty());
}

}  // namespace
}  // namespace sales::analytics::domain
