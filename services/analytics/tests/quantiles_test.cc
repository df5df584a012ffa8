#include "services/analytics/src/domain/quantiles.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace sales::analytics::domain {
namespace {

TEST(QuantilesTest, MatchesRsDefaultOnOneToTen) {
  // R: quantile(1:10, c(0, .25, .5, .75, .9, 1)) = 1, 3.25, 5.5, 7.75, 9.1, 10.
  // By hand, h = 9p: p = .25 -> h = 2.25 -> x[2] + .25 (x[3] - x[2]) = 3.25;
  // p = .9 -> h = 8.1 -> 9 + .1 * 1 = 9.1.
  const std::vector<double> x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_DOUBLE_EQ(Quantile(x, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(Quantile(x, 0.25), 3.25);
  EXPECT_DOUBLE_EQ(Quantile(x, 0.5), 5.5);
  EXPECT_DOUBLE_EQ(Quantile(x, 0.75), 7.75);
  EXPECT_DOUBLE_EQ(Quantile(x, 0.9), 9.1);
  EXPECT_DOUBLE_EQ(Quantile(x, 1.0), 10.0);
}

TEST(QuantilesTest, MatchesPublishedExamplesOfTheLinearMethod) {
  // Wikipedia, "Percentile", the C = 1 variant (R type 7): the 40th percentile of
  // {15, 20, 35, 40, 50} is 29 (h = 4 * 0.4 = 1.6 -> 20 + 0.6 * 15).
  EXPECT_DOUBLE_EQ(Quantile({15, 20, 35, 40, 50}, 0.4), 29.0);
  // numpy.percentile's documentation: the 50th percentile of [[10, 7, 4], [3, 2, 1]] is 3.5
  // (sorted 1 2 3 4 7 10, h = 2.5 -> 3 + 0.5 * 1).
  EXPECT_DOUBLE_EQ(Quantile({10, 7, 4, 3, 2, 1}, 0.5), 3.5);
}

TEST(QuantilesTest, DoesNotDependOnTheOrderOfTheValues) {
  const double sorted = Quantile({1, 2, 3, 5, 8, 13}, 0.9);
  EXPECT_DOUBLE_EQ(Quantile({13, 1, 8, 3, 2, 5}, 0.9), sorted);
  // h = 5 * 0.9 = 4.5 -> 8 + 0.5 * 5.
  EXPECT_DOUBLE_EQ(sorted, 10.5);
  EXPECT_DOUBLE_EQ(QuantileOfSorted({1, 2, 3, 5, 8, 13}, 0.9), 10.5);
}

TEST(QuantilesTest, OneValueIsEveryQuantile) {
  EXPECT_DOUBLE_EQ(Quantile({42}, 0.0), 42.0);
  EXPECT_DOUBLE_EQ(Quantile({42}, 0.9), 42.0);
  EXPECT_DOUBLE_EQ(Quantile({42}, 1.0), 42.0);
}

TEST(QuantilesTest, NoSampleOrAProbabilityOutsideZeroToOneHasNoQuantile) {
  EXPECT_TRUE(std::isnan(Quantile({}, 0.5)));
  EXPECT_TRUE(std::isnan(Quantile({1, 2}, -0.1)));
  EXPECT_TRUE(std::isnan(Quantile({1, 2}, 1.1)));
  EXPECT_TRUE(std::isnan(Quantile({1, 2}, std::nan(""))));
}

}  // namespace
}  // namespace sales::analytics::domain
