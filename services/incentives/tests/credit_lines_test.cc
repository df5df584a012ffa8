#include "services/incentives/src/domain/credit_lines.h"

#include <gtest/gtest.h>

namespace sales::incentives::domain {
namespace {

const std::vector<SoldLine> kOrder{{"products/1", "tea", 20000, 12000, 2},
                                   {"products/2", "cups", 10000, 6000, 1}};

TEST(CreditLinesTest, ACreditIsSpreadOverTheOrderLinesAndAddsUpExactly) {
  // Li's 60% of the order: 180.00 revenue, 72.00 margin, 2 units.
  // Revenue 18000 by 20000:10000 -> 12000, 6000. Cost 18000 - 7200 = 10800 by
  // 12000:6000 -> 7200, 3600, so margins 4800 and 2400. Units 2 by 2:1 -> 1.33, 0.67:
  // floors 1 and 0, the unit left goes to the larger remainder (0.67) -> 1 and 1.
  const std::vector<CreditLine> lines = SplitOverLines({18000, 7200, 2}, kOrder);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], (CreditLine{"products/1", "tea", {12000, 4800, 1}}));
  EXPECT_EQ(lines[1], (CreditLine{"products/2", "cups", {6000, 2400, 1}}));
}

TEST(CreditLinesTest, AReversalIsSpreadAsTheMirrorImage) {
  // -60.00 / -24.00 / -1 unit: revenue -4000, -2000; cost -3600 -> -2400, -1200; margin
  // -1600, -800; the unit to the larger remainder (2/3 of it on line 1).
  const std::vector<CreditLine> lines = SplitOverLines({-6000, -2400, -1}, kOrder);
  EXPECT_EQ(lines[0].amounts, (SaleAmounts{-4000, -1600, -1}));
  EXPECT_EQ(lines[1].amounts, (SaleAmounts{-2000, -800, 0}));
}

TEST(CreditLinesTest, OddAmountsStillAddUpAndZeroWeightsSpreadEvenly) {
  const std::vector<SoldLine> three{
      {"products/1", "a", 1, 0, 0}, {"products/2", "b", 1, 0, 0}, {"products/3", "c", 1, 0, 0}};
  // 100 revenue by 1:1:1 -> 33.33 each, the one left to the first (ties to the earlier);
  // cost 100 - 40 = 60 with every cost weight 0 -> evenly, 20 each; units 5 evenly -> 2,2,1.
  const std::vector<CreditLine> lines = SplitOverLines({100, 40, 5}, three);
  EXPECT_EQ(lines[0].amounts, (SaleAmounts{34, 14, 2}));
  EXPECT_EQ(lines[1].amounts, (SaleAmounts{33, 13, 2}));
  EXPECT_EQ(lines[2].amounts, (SaleAmounts{33, 13, 1}));
}

TEST(CreditLinesTest, ACreditWithoutLinesIsOneLine) {
  const std::vector<CreditLine> lines = SplitOverLines({500, 100, 1}, {});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], (CreditLine{"", "", {500, 100, 1}}));
}

}  // namespace
}  // namespace sales::incentives::domain
