#include "services/analytics/src/domain/offer_depth.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sales::analytics::domain {
namespace {

TEST(OfferDepthTest, TheDepthOfTheLargestExpectedMarginByHand) {
  // ε = -2, order value 10000, margin 5500: M(d) = (1 - d)^-2 x (5500 - d x 10000):
  //   M(0) = 5500, M(0.05) = 1.108033 x 5000 = 5540.17, M(0.10) = 1.234568 x 4500 = 5555.56,
  //   M(0.15) = 1.384083 x 4000 = 5536.33, M(0.20) = 1.5625 x 3500 = 5468.75: 10% off.
  const DepthChoice c = ChooseOfferDepth(-2.0, 10000.0, 5500.0);
  EXPECT_DOUBLE_EQ(c.depth, 0.10);
  EXPECT_NEAR(c.expected_margin, 4500.0 / 0.81, 1e-9);
  EXPECT_NEAR(c.expected_margin, 5555.56, 0.005);
}

TEST(OfferDepthTest, VeryElasticDemandTakesTheDeepestAndInelasticNone) {
  // ε = -4, margin 6000: M(0.20) = 0.8^-4 x 4000 = 9765.63 above M(0.15) = 8620.59.
  DepthChoice c = ChooseOfferDepth(-4.0, 10000.0, 6000.0);
  EXPECT_DOUBLE_EQ(c.depth, 0.20);
  EXPECT_NEAR(c.expected_margin, 4000.0 / 0.4096, 1e-9);
  // ε = -0.5: M(0.05) = 0.95^-0.5 x 5000 = 5129.89 < M(0) = 5500.
  c = ChooseOfferDepth(-0.5, 10000.0, 5500.0);
  EXPECT_DOUBLE_EQ(c.depth, 0.0);
  EXPECT_DOUBLE_EQ(c.expected_margin, 5500.0);
  // Demand that does not answer price, or rises with it: no discount.
  EXPECT_DOUBLE_EQ(ChooseOfferDepth(0.0, 10000.0, 5500.0).depth, 0.0);
  EXPECT_DOUBLE_EQ(ChooseOfferDepth(0.8, 10000.0, 5500.0).depth, 0.0);
}

TEST(OfferDepthTest, TakeUpAndMean) {
  EXPECT_DOUBLE_EQ(TakeUpMultiplier(-2.0, 0.2), 1.5625);
  EXPECT_DOUBLE_EQ(TakeUpMultiplier(0.0, 0.2), 1.0);
  EXPECT_FALSE(MeanElasticity({}).has_value());
  EXPECT_DOUBLE_EQ(*MeanElasticity({-1.0, -2.0, -4.5}), -2.5);
}

}  // namespace
}  // namespace sales::analytics::domain
