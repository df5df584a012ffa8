#include "services/analytics/src/domain/kpi_figures.h"
#include "services/analytics/src/domain/rounding.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

TEST(KpiFigures, DerivedFromTheSums) {
  Measures s;
  s[Measure::kOrders] = 3;
  s[Measure::kUnits] = 10;
  s[Measure::kNetMinor] = 1000;
  s[Measure::kCostMinor] = 600;
  s[Measure::kRefundMinor] = 200;
  s[Measure::kRefundCostMinor] = 120;
  s[Measure::kReturnedUnits] = 2;
  s[Measure::kLeadsCreated] = 8;
  s[Measure::kLeadsWon] = 2;
  s[Measure::kCsatResponses] = 4;
  s[Measure::kCsatSatisfied] = 3;
  s[Measure::kNpsResponses] = 10;
  s[Measure::kNpsPromoters] = 5;
  s[Measure::kNpsDetractors] = 2;
  const KpiFigures f = FiguresOf(s);
  EXPECT_EQ(f.revenue_minor, 800);       // 1000 - 200
  EXPECT_EQ(f.cost_minor, 480);          // 600 - 120
  EXPECT_EQ(f.gross_margin_minor, 320);  // 800 - 480
  EXPECT_DOUBLE_EQ(f.gross_margin_ratio, 0.4);
  EXPECT_EQ(f.average_order_value_minor, 333);  // 1000 / 3 = 333.33
  EXPECT_DOUBLE_EQ(f.return_rate, 0.2);
  EXPECT_DOUBLE_EQ(f.lead_conversion, 0.25);
  EXPECT_DOUBLE_EQ(f.csat, 0.75);
  EXPECT_DOUBLE_EQ(f.nps, 30.0);  // 50% promoters - 20% detractors
}

TEST(KpiFigures, EmptyPeriodsHaveZerosNotNaNs) {
  const KpiFigures f = FiguresOf(Measures{});
  EXPECT_EQ(f.average_order_value_minor, 0);
  EXPECT_EQ(f.gross_margin_ratio, 0);
  EXPECT_EQ(f.nps, 0);
  EXPECT_EQ(f.csat, 0);
}

TEST(DivideRounded, HalfAwayFromZero) {
  EXPECT_EQ(DivideRounded(5, 2), 3);
  EXPECT_EQ(DivideRounded(-5, 2), -3);
  EXPECT_EQ(DivideRounded(4, 3), 1);
  EXPECT_EQ(DivideRounded(5, 3), 2);
  EXPECT_EQ(DivideRounded(7, 0), 0);
}

TEST(GrowthOf, AgainstTheBaseMagnitude) {
  EXPECT_FALSE(GrowthOf(10, 0).has_value());
  EXPECT_DOUBLE_EQ(*GrowthOf(110, 100), 0.1);
  EXPECT_DOUBLE_EQ(*GrowthOf(50, 100), -0.5);
  EXPECT_DOUBLE_EQ(*GrowthOf(-50, -100), 0.5);  // a loss halved is growth
}

}  // namespace
}  // namespace sales::analytics::domain

namespace sales::analytics::domain {
namespace {

TEST(Inputs, ASpreadAddsUpExactlyWithTheLeftoverOnTheFirstDays) {
  EXPECT_EQ(SpreadOverDays(10, 4), (std::vector<int64_t>{3, 3, 2, 2}));
  EXPECT_EQ(SpreadOverDays(-10, 4), (std::vector<int64_t>{-3, -3, -2, -2}));
  EXPECT_EQ(SpreadOverDays(3, 5), (std::vector<int64_t>{1, 1, 1, 0, 0}));
  EXPECT_TRUE(SpreadOverDays(3, 0).empty());
}

TEST(Inputs, KpisOfTheInputsAreAbsentWithoutTheirBase) {
  EXPECT_EQ(AcquisitionCost(300001, 2), 150001);  // 1500.005, half away from zero
  EXPECT_FALSE(AcquisitionCost(1000, 0).has_value());
  EXPECT_FALSE(MarketShare(10, 0).has_value());
  EXPECT_DOUBLE_EQ(*MarketShare(2000, 100000), 0.02);
  EXPECT_FALSE(VisitorConversion(3, 0).has_value());
  Measures s;
  s[Measure::kNewCustomers] = 4;
  s[Measure::kOrders] = 2;
  const KpiFigures f = FiguresOf(s, {1000, 0, 10});
  EXPECT_EQ(f.acquisition_cost_minor, 250);
  EXPECT_DOUBLE_EQ(*f.visitor_conversion, 0.2);
  EXPECT_FALSE(f.market_share.has_value());
}

TEST(KpiFigures, RepeatPurchaseRateIsRepeatCustomersOverActiveOnes) {
  CustomerActivity a;
  a.active = 8;
  a.returning = 5;
  a.lapsed = 3;
  a.repeat_customers = 2;
  const KpiFigures f = FiguresOf(Measures{}, {}, a);
  EXPECT_EQ(f.activity, a);  // an optional holding a
  EXPECT_DOUBLE_EQ(*f.repeat_purchase_rate, 0.25);
  // No active customers: a rate of 0, not a division by zero.
  EXPECT_DOUBLE_EQ(*FiguresOf(Measures{}, {}, CustomerActivity{}).repeat_purchase_rate, 0.0);
  // Not counted: no figures at all.
  EXPECT_FALSE(FiguresOf(Measures{}).activity.has_value());
  EXPECT_FALSE(FiguresOf(Measures{}).repeat_purchase_rate.has_value());
}

TEST(KpiFigures, GrowthOfARateIsItsRelativeChange) {
  EXPECT_DOUBLE_EQ(*GrowthOfRate(0.3, 0.2), 0.5);
  EXPECT_DOUBLE_EQ(*GrowthOfRate(0.1, 0.2), -0.5);
  EXPECT_FALSE(GrowthOfRate(0.3, 0.0).has_value());
}

}  // namespace
}  // namespace sales::analytics::domain
