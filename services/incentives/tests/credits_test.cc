#include "services/incentives/src/domain/credits.h"

#include <gtest/gtest.h>

namespace sales::incentives::domain {
namespace {

const std::vector<CreditShare> kHalves{{"a", 5000, CreditKind::kRevenue},
                                       {"b", 5000, CreditKind::kRevenue}};

TEST(CreditsTest, RevenueSharesSplitEveryAmountExactly) {
  // 10.01 net, 4.01 margin, 3 units half and half: the odd unit of each goes to the first
  // rep (equal remainders: the share listed first).
  const std::vector<CreditPart> parts = SplitCredit({1001, 401, 3}, kHalves);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].amounts, (SaleAmounts{501, 201, 2}));
  EXPECT_EQ(parts[1].amounts, (SaleAmounts{500, 200, 1}));
}

TEST(CreditsTest, OverlayComesOnTopAndDoesNotChangeTheRevenueSplit) {
  const std::vector<CreditShare> shares{{"a", 6000, CreditKind::kRevenue},
                                        {"b", 4000, CreditKind::kRevenue},
                                        {"m", 10000, CreditKind::kOverlay},
                                        {"s", 2500, CreditKind::kOverlay}};
  const std::vector<CreditPart> parts = SplitCredit({1000, -50, 7}, shares);
  EXPECT_EQ(parts[0].amounts, (SaleAmounts{600, -30, 4}));  // 4.2 units: 4, and 2.8 -> 3
  EXPECT_EQ(parts[1].amounts, (SaleAmounts{400, -20, 3}));
  EXPECT_EQ(parts[2].amounts, (SaleAmounts{1000, -50, 7}));
  EXPECT_EQ(parts[3].amounts, (SaleAmounts{250, -13, 2}));  // 12.5 -> 13 (tie: the overlay)
}

TEST(CreditsTest, ReversalsOfPartialReturnsEndAtZeroForEveryRep) {
  // 3 units credited 2 and 1; each returned unit is reversed as the cumulative split.
  const SaleAmounts unit{100, 40, 1};
  const std::vector<CreditPart> first = SplitReversal({}, unit, kHalves);
  EXPECT_EQ(first[0].amounts, (SaleAmounts{-50, -20, -1}));
  EXPECT_EQ(first[1].amounts, (SaleAmounts{-50, -20, 0}));
  const std::vector<CreditPart> second = SplitReversal(unit, unit, kHalves);
  EXPECT_EQ(second[0].amounts, (SaleAmounts{-50, -20, 0}));
  EXPECT_EQ(second[1].amounts, (SaleAmounts{-50, -20, -1}));
  const std::vector<CreditPart> third = SplitReversal(unit + unit, unit, kHalves);
  EXPECT_EQ(third[0].amounts, (SaleAmounts{-50, -20, -1}));
  EXPECT_EQ(third[1].amounts, (SaleAmounts{-50, -20, 0}));
  const std::vector<CreditPart> sale = SplitCredit({300, 120, 3}, kHalves);
  EXPECT_EQ(sale[0].amounts + first[0].amounts + second[0].amounts + third[0].amounts,
            (SaleAmounts{0, 0, 0}));
  EXPECT_EQ(sale[1].amounts + first[1].amounts + second[1].amounts + third[1].amounts,
            (SaleAmounts{0, 0, 0}));
}

}  // namespace
}  // namespace sales::incentives::domain
