#include "services/analytics/src/domain/revenue_bridge.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

namespace sales::analytics::domain {
namespace {

int64_t SumOfEffects(const RevenueBridge& b) {
  return b.new_customers_minor + b.lost_customers_minor + b.price_minor + b.volume_minor +
         b.mix_minor;
}

TEST(RevenueBridgeTest, AHandComputedBridge) {
  // Customer 1 buys in both periods; 2 only in the base one (lost); 3 only now (new).
  const std::vector<SalesCell> base = {
      {1, 10, 10, 1000},  // 10 units at 100
      {1, 20, 5, 1000},   // 5 units at 200
      {2, 10, 2, 200},
  };
  const std::vector<SalesCell> current = {
      {1, 10, 12, 1320},  // 12 units at 110
      {1, 20, 3, 570},    // 3 units at 190
      {3, 20, 1, 190},
  };
  const RevenueBridge b = BridgeRevenue(base, current);
  EXPECT_EQ(b.base_revenue_minor, 2200);
  EXPECT_EQ(b.current_revenue_minor, 2080);
  EXPECT_EQ(b.change_minor, -120);
  EXPECT_EQ(b.new_customers_minor, 190);
  EXPECT_EQ(b.lost_customers_minor, -200);
  EXPECT_EQ(b.price_minor, 90);  // (110-100)*12 + (190-200)*3
  EXPECT_EQ(b.volume_minor, 0);  // 15 units in both periods
  EXPECT_EQ(b.mix_minor, -200);  // 12*(100-133.33) + 3*(200-133.33): fewer of the dearer one
  EXPECT_EQ(SumOfEffects(b), b.change_minor);
}

TEST(RevenueBridgeTest, PriceAndVolumeRoundHalfAwayFromZeroAndMixTakesTheRest) {
  // 3 units for 100 (33.33 each), then 4 for 150: price 150 - 133.33 = 16.67 -> 17, volume
  // 1 * 33.33 -> 33, mix the rest, 0.
  RevenueBridge b = BridgeRevenue({{1, 10, 3, 100}}, {{1, 10, 4, 150}});
  EXPECT_EQ(b.price_minor, 17);
  EXPECT_EQ(b.volume_minor, 33);
  EXPECT_EQ(b.mix_minor, 0);
  // 2 units for 5, then 1 unit for nothing: price -2.5 -> -3, volume -2.5 -> -3, and mix
  // takes the 1 the two roundings added.
  b = BridgeRevenue({{1, 10, 2, 5}}, {{1, 10, 1, 0}});
  EXPECT_EQ(b.price_minor, -3);
  EXPECT_EQ(b.volume_minor, -3);
  EXPECT_EQ(b.mix_minor, 1);
  EXPECT_EQ(SumOfEffects(b), -5);
}

TEST(RevenueBridgeTest, ProductsNewOrGoneForRetainedCustomersHaveNoPriceEffect) {
  const RevenueBridge b =
      BridgeRevenue({{1, 10, 4, 400}, {1, 30, 1, 50}}, {{1, 10, 4, 400}, {1, 20, 2, 600}});
  EXPECT_EQ(b.price_minor, 0);
  EXPECT_EQ(b.volume_minor, 90);  // one unit more at the base average of 90
  EXPECT_EQ(b.mix_minor, 460);    // 600 + 400 - 450 - 90: the new product is dearer
  EXPECT_EQ(SumOfEffects(b), b.change_minor);
}

TEST(RevenueBridgeTest, NoCustomersInCommonIsAllNewAndLost) {
  const RevenueBridge b = BridgeRevenue({{1, 10, 1, 100}}, {{2, 10, 3, 450}});
  EXPECT_EQ(b.new_customers_minor, 450);
  EXPECT_EQ(b.lost_customers_minor, -100);
  EXPECT_EQ(b.price_minor + b.volume_minor + b.mix_minor, 0);
  EXPECT_EQ(BridgeRevenue({}, {}).change_minor, 0);
}

// The effects always add up to the change exactly, whatever the prices, returns (negative
// units) and customers.
TEST(RevenueBridgeTest, EffectsAddUpExactlyOnRandomSales) {
  std::mt19937_64 random(7);
  std::uniform_int_distribution<int64_t> customer(1, 40), product(1, 15), units(-2, 9),
      price(1, 100000);
  for (int round = 0; round < 200; ++round) {
    std::vector<SalesCell> base, current;
    for (int i = 0; i < 120; ++i) {
      const int64_t u = units(random);
      (i % 2 == 0 ? base : current)
          .push_back({customer(random), product(random), u, u * price(random) + units(random)});
    }
    const RevenueBridge b = BridgeRevenue(base, current);
    ASSERT_EQ(SumOfEffects(b), b.change_minor);
    ASSERT_EQ(b.change_minor, b.current_revenue_minor - b.base_revenue_minor);
  }
}

}  // namespace
}  // namespace sales::analytics::domain
