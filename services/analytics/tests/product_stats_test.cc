#include "services/analytics/src/domain/product_stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace sales::analytics::domain {
namespace {

std::vector<AbcClass> Classes(const std::vector<AbcEntry>& entries) {
  std::vector<AbcClass> out;
  for (const AbcEntry& e : entries) out.push_back(e.abc_class);
  return out;
}

std::vector<int64_t> Ids(const std::vector<AbcEntry>& entries) {
  std::vector<int64_t> out;
  for (const AbcEntry& e : entries) out.push_back(e.product_id);
  return out;
}

using enum AbcClass;

TEST(AbcTest, ExactBoundariesCloseAClassAtEightyAndNinetyFivePercent) {
  // Total 1000. Shares before each product: 0, 50%, 80%, 95% -> A, A, B, C; A and B end
  // exactly at 80% and 95%.
  const std::vector<AbcEntry> e = ClassifyAbc({{4, 50}, {2, 300}, {1, 500}, {3, 150}});
  EXPECT_EQ(Ids(e), (std::vector<int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(Classes(e), (std::vector<AbcClass>{kA, kA, kB, kC}));
  EXPECT_DOUBLE_EQ(e[0].cumulative_share, 0.5);
  EXPECT_DOUBLE_EQ(e[1].cumulative_share, 0.8);
  EXPECT_DOUBLE_EQ(e[2].cumulative_share, 0.95);
  EXPECT_DOUBLE_EQ(e[3].cumulative_share, 1.0);
}

TEST(AbcTest, TheProductCrossingABoundaryIsInTheHigherClass) {
  // Total 1000. Shares before: 0, 60%, 85%, 96% -> product 2 crosses 80% (60% -> 85%) and is
  // A; product 3 crosses 95% (85% -> 96%) and is B; product 4 is C.
  const std::vector<AbcEntry> e = ClassifyAbc({{1, 600}, {2, 250}, {3, 110}, {4, 40}});
  EXPECT_EQ(Classes(e), (std::vector<AbcClass>{kA, kA, kB, kC}));
  // One product with 90% of the revenue is A alone, though it passes 80%.
  EXPECT_EQ(Classes(ClassifyAbc({{1, 900}, {2, 60}, {3, 40}})),
            (std::vector<AbcClass>{kA, kB, kC}));
}

TEST(AbcTest, EqualRevenueOrdersByProductId) {
  // Total 1000; 3, 5 and 7 tie at 100, so they come in id order. Shares before: 9: 0 -> A,
  // 3: 70% -> A, 5: 80% -> B, 7: 90% -> B. The tie puts 3, not 5 or 7, in A, whatever the
  // input order.
  const std::vector<AbcEntry> e = ClassifyAbc({{7, 100}, {5, 100}, {9, 700}, {3, 100}});
  EXPECT_EQ(Ids(e), (std::vector<int64_t>{9, 3, 5, 7}));
  EXPECT_EQ(Classes(e), (std::vector<AbcClass>{kA, kA, kB, kB}));
  EXPECT_EQ(Ids(ClassifyAbc({{3, 100}, {9, 700}, {7, 100}, {5, 100}})), Ids(e));
}

TEST(AbcTest, ProductsWithoutPositiveRevenueAreC) {
  // The total is the positive revenue, 100: product 1 is A alone; 2 (0) and 3 (-20) are C.
  const std::vector<AbcEntry> e = ClassifyAbc({{3, -20}, {2, 0}, {1, 100}});
  EXPECT_EQ(Ids(e), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(Classes(e), (std::vector<AbcClass>{kA, kC, kC}));
  EXPECT_DOUBLE_EQ(e[2].cumulative_share, 1.0);
  // No revenue at all: everything is C, with no share.
  const std::vector<AbcEntry> none = ClassifyAbc({{1, 0}, {2, 0}});
  EXPECT_EQ(Classes(none), (std::vector<AbcClass>{kC, kC}));
  EXPECT_DOUBLE_EQ(none[0].cumulative_share, 0.0);
  EXPECT_TRUE(ClassifyAbc({}).empty());
}

TEST(AbcTest, BoundariesAreParameters) {
  // With A up to 50% and B up to 90%: shares before 0, 50%, 80%, 95% -> A, B, B, C.
  const std::vector<AbcEntry> e =
      ClassifyAbc({{1, 500}, {2, 300}, {3, 150}, {4, 50}}, {.a_percent = 50, .b_percent = 90});
  EXPECT_EQ(Classes(e), (std::vector<AbcClass>{kA, kB, kB, kC}));
}

TEST(MoversTest, ZScoreAgainstTheProductsOwnHistory) {
  // History 10, 12, 8, 10: mean 10, sample variance (0 + 4 + 4 + 0) / 3 = 8/3, sd 1.63299.
  const std::vector<int64_t> history = {10, 12, 8, 10};
  const double sd = std::sqrt(8.0 / 3.0);
  MoverResult r = ClassifyMover(
      {.product_id = 1, .current_units = 14, .previous_units = history, .had_stock = true});
  EXPECT_DOUBLE_EQ(r.history_mean, 10.0);
  EXPECT_DOUBLE_EQ(r.history_sd, sd);
  ASSERT_TRUE(r.z.has_value());
  EXPECT_DOUBLE_EQ(*r.z, 4.0 / sd);  // 2.449 >= 2
  EXPECT_EQ(r.movement, Movement::kHot);
  r = ClassifyMover({.current_units = 7, .previous_units = history, .had_stock = true});
  EXPECT_DOUBLE_EQ(*r.z, -3.0 / sd);  // -1.837: within 2 sd
  EXPECT_EQ(r.movement, Movement::kNormal);
  r = ClassifyMover({.current_units = 6, .previous_units = history, .had_stock = true});
  EXPECT_DOUBLE_EQ(*r.z, -4.0 / sd);  // -2.449 <= -2
  EXPECT_EQ(r.movement, Movement::kSlow);
  // The thresholds are parameters: at 3 sd, 14 units is normal.
  r = ClassifyMover({.current_units = 14, .previous_units = history, .had_stock = true},
                    {.hot_z = 3.0, .slow_z = 3.0});
  EXPECT_EQ(r.movement, Movement::kNormal);
}

TEST(MoversTest, NoSaleWhileInStockIsSlowButNoSaleWithoutStockFollowsTheZScore) {
  // A product that never sells: z = 0, but it sat in stock and sold nothing.
  const std::vector<int64_t> never = {0, 0, 0, 0};
  EXPECT_EQ(
      ClassifyMover({.current_units = 0, .previous_units = never, .had_stock = true}).movement,
      Movement::kSlow);
  EXPECT_EQ(
      ClassifyMover({.current_units = 0, .previous_units = never, .had_stock = false}).movement,
      Movement::kNormal);
  // Slow by the first rule even without enough history.
  EXPECT_EQ(ClassifyMover({.current_units = 0, .previous_units = {5}, .had_stock = true}).movement,
            Movement::kSlow);
}

TEST(MoversTest, AFlatHistoryMakesAnyChangeInfinitelyUnusual) {
  const std::vector<int64_t> flat = {5, 5, 5, 5};
  MoverResult r = ClassifyMover({.current_units = 6, .previous_units = flat, .had_stock = true});
  EXPECT_EQ(*r.z, std::numeric_limits<double>::infinity());
  EXPECT_EQ(r.movement, Movement::kHot);
  r = ClassifyMover({.current_units = 4, .previous_units = flat, .had_stock = true});
  EXPECT_EQ(*r.z, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(r.movement, Movement::kSlow);
  r = ClassifyMover({.current_units = 5, .previous_units = flat, .had_stock = true});
  EXPECT_EQ(*r.z, 0.0);
  EXPECT_EQ(r.movement, Movement::kNormal);
}

TEST(MoversTest, TooShortAHistoryHasNoZScore) {
  // Three previous periods, four needed by default.
  const MoverResult r =
      ClassifyMover({.current_units = 100, .previous_units = {1, 2, 3}, .had_stock = true});
  EXPECT_FALSE(r.z.has_value());
  EXPECT_EQ(r.movement, Movement::kNoHistory);
  EXPECT_DOUBLE_EQ(r.history_mean, 2.0);
  EXPECT_DOUBLE_EQ(r.history_sd, 1.0);
  // With min_history_periods 3 the same product is hot: z = (100 - 2) / 1 = 98.
  const MoverResult three =
      ClassifyMover({.current_units = 100, .previous_units = {1, 2, 3}, .had_stock = true},
                    {.min_history_periods = 3});
  EXPECT_DOUBLE_EQ(*three.z, 98.0);
  EXPECT_EQ(three.movement, Movement::kHot);
}

TEST(StockCoverTest, AvailableUnitsOverMeanDailySales) {
  // 30 units sold in 30 days: 1 a day, so 100 units last 100 days.
  EXPECT_DOUBLE_EQ(*DaysOfStockCover(100, 30, 30), 100.0);
  // 7 sold in 14 days: 0.5 a day; 3 units last 6 days.
  EXPECT_DOUBLE_EQ(*DaysOfStockCover(3, 7, 14), 6.0);
  EXPECT_DOUBLE_EQ(*DaysOfStockCover(0, 10, 30), 0.0);
}

TEST(StockCoverTest, NoSalesMeansNoFiniteCover) {
  EXPECT_FALSE(DaysOfStockCover(100, 0, 30).has_value());
  EXPECT_FALSE(DaysOfStockCover(0, 0, 30).has_value());
  EXPECT_FALSE(DaysOfStockCover(100, -2, 30).has_value());  // returns above sales
  EXPECT_FALSE(DaysOfStockCover(100, 10, 0).has_value());
}

TEST(SellThroughTest, SoldOverSoldPlusOnHandAtTheEnd) {
  EXPECT_DOUBLE_EQ(*SellThrough(30, 70), 0.3);
  EXPECT_DOUBLE_EQ(*SellThrough(10, 0), 1.0);  // sold out
  EXPECT_DOUBLE_EQ(*SellThrough(0, 50), 0.0);
  EXPECT_DOUBLE_EQ(*SellThrough(-5, 50), 0.0);  // net returns count as nothing sold
  EXPECT_FALSE(SellThrough(0, 0).has_value());
}

}  // namespace
}  // namespace sales::analytics::domain
