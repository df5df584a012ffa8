#include "services/analytics/src/domain/replenishment.h"

#include <gtest/gtest.h>

#include <cmath>

#include "absl/strings/match.h"

namespace sales::analytics::domain {
namespace {

// 10 units a day, σ = 4, lead time 9 days, service level 95%, cover 28 days:
// D_L = 90; σ_L = 4 × 3 = 12; z = 1.644854; z σ_L = 19.738 -> SS = 20; ROP = 90 + 20 = 110.
// With 200 available: opening stock 200 - 10d <= 90 + 20 first at d = 9; the order then
// covers 9 + 28 days: 370 + 20 - 110 = 280. Stock runs out when 10(h + 1) > 200: h = 20,
// after an order placed today would arrive (day 9).
TEST(ReplenishmentTest, SafetyStockReorderPointAndDateByHand) {
  ReplenishmentPolicy policy;
  policy.lead_time_days = 9;
  policy.service_level = 0.95;
  policy.cover_days = 28;
  policy.horizon_days = 60;
  absl::StatusOr<ReplenishmentPlan> plan =
      PlanFromForecast(std::vector<double>(60, 10.0), 4.0, 200, policy);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_DOUBLE_EQ(plan->lead_time_demand, 90);
  EXPECT_DOUBLE_EQ(plan->sigma_lead_time, 12);
  EXPECT_NEAR(plan->z, 1.6448536, 1e-6);
  EXPECT_EQ(plan->safety_stock, 20);
  EXPECT_EQ(plan->reorder_point, 110);
  ASSERT_TRUE(plan->reorder_in_days.has_value());
  EXPECT_EQ(*plan->reorder_in_days, 9);
  EXPECT_EQ(plan->reorder_quantity, 280);
  ASSERT_TRUE(plan->stockout_in_days.has_value());
  EXPECT_EQ(*plan->stockout_in_days, 20);
  EXPECT_FALSE(plan->runs_out_before_arrival);
}

// 50 available: reorder today, 370 + 20 - 50 = 340 units; the stock runs out on day 5
// (today is day 0: by the end of day 4, 10 × 5 = 50 is not more than 50; by the end of
// day 5, 60 is), before day 9: an alert.
TEST(ReplenishmentTest, StockBelowTheReorderPointRunsOutBeforeArrival) {
  ReplenishmentPolicy policy;
  policy.lead_time_days = 9;
  policy.cover_days = 28;
  policy.horizon_days = 60;
  absl::StatusOr<ReplenishmentPlan> plan =
      PlanFromForecast(std::vector<double>(60, 10.0), 4.0, 50, policy);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(*plan->reorder_in_days, 0);
  EXPECT_EQ(plan->reorder_quantity, 340);
  EXPECT_EQ(*plan->stockout_in_days, 5);
  EXPECT_TRUE(plan->runs_out_before_arrival);
}

// Negative forecasts are no demand; no demand means no reorder and no stock-out.
TEST(ReplenishmentTest, NoDemandNoReorder) {
  ReplenishmentPolicy policy;
  policy.lead_time_days = 5;
  policy.cover_days = 5;
  policy.horizon_days = 30;
  absl::StatusOr<ReplenishmentPlan> plan =
      PlanFromForecast(std::vector<double>(30, -3.0), 0.0, 10, policy);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->lead_time_demand, 0);
  EXPECT_EQ(plan->reorder_point, 0);
  EXPECT_FALSE(plan->reorder_in_days.has_value());
  EXPECT_FALSE(plan->stockout_in_days.has_value());
  EXPECT_FALSE(plan->runs_out_before_arrival);
}

// From a history: 8 weeks of exactly 10 units a day forecast 10 a day with no error, so the
// safety stock is 0 and the reorder point the lead time's demand, 14 × 10 = 140.
TEST(ReplenishmentTest, PlansFromTheHoltWintersForecastOfTheHistory) {
  ReplenishmentPolicy policy;
  policy.lead_time_days = 14;
  absl::StatusOr<ReplenishmentPlan> plan =
      PlanReplenishment(std::vector<double>(56, 10.0), 500, policy);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_NEAR(plan->lead_time_demand, 140, 1e-6);
  EXPECT_EQ(plan->safety_stock, 0);
  EXPECT_EQ(plan->reorder_point, 140);
  // Opening stock 500 - 10d <= 140 first at d = 36.
  EXPECT_EQ(*plan->reorder_in_days, 36);
  EXPECT_FALSE(plan->model.empty());
}

TEST(ReplenishmentTest, BadPolicyIsRefusedNamingTheField) {
  ReplenishmentPolicy policy;
  policy.lead_time_days = 0;
  EXPECT_TRUE(absl::StartsWith(
      PlanFromForecast(std::vector<double>(200, 1.0), 1, 1, policy).status().message(),
      "lead_time_days:"));
  policy = {};
  policy.service_level = 1;
  EXPECT_TRUE(absl::StartsWith(
      PlanFromForecast(std::vector<double>(200, 1.0), 1, 1, policy).status().message(),
      "service_level:"));
  policy = {};
  EXPECT_TRUE(absl::StartsWith(
      PlanFromForecast(std::vector<double>(200, 1.0), 1, -1, policy).status().message(),
      "available:"));
}

// A variable lead time (Silver, Pyke and Peterson, ch. 7): 10 units a day (d = 10), σ = 4,
// L = 9, σ_LT = 2 days: σ_L = √(9 × 16 + 100 × 4) = √544 = 23.3238; z σ_L = 38.364 -> SS = 39;
// ROP = 90 + 39 = 129. σ_LT = 0 gives σ √L = 12 as before.
TEST(ReplenishmentTest, LeadTimeDeviationAddsTheDemandOfTheLeadTimeUncertainty) {
  ReplenishmentPolicy policy;
  policy.lead_time_days = 9;
  policy.cover_days = 28;
  policy.horizon_days = 60;
  policy.lead_time_sd_days = 2;
  absl::StatusOr<ReplenishmentPlan> plan =
      PlanFromForecast(std::vector<double>(60, 10.0), 4.0, 500, policy);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_NEAR(plan->sigma_lead_time, std::sqrt(544.0), 1e-12);
  EXPECT_EQ(plan->safety_stock, 39);
  EXPECT_EQ(plan->reorder_point, 129);
  policy.lead_time_sd_days = -1;
  EXPECT_EQ(PlanFromForecast(std::vector<double>(60, 10.0), 4.0, 500, policy).status().message(),
            "lead_time_sd_days: must be >= 0");
}

// 10 a day, σ = 4, L = 9 (SS 20, ROP 110), 50 available; 80 units due on day 3 and 500 on
// day 12 (after the lead time). P_0 = 50 + 80 = 130 > 110 (the day-12 receipt is not
// netted: with it P_0 would be 630); P_1 = 40 + 80 = 120 > 110; P_2 = 30 + 80 = 110 <= 110
// (day 12 is not before 2 + 9): reorder on day 2, 370 + 20 - 110 = 280 units. Stock-out:
// 10 (h + 1) > 50 + R(h + 1) never within 60 days (130 by day 12, 630 from it).
TEST(ReplenishmentTest, ReceiptsDueWithinTheLeadTimeAreNettedLaterOnesAreNot) {
  ReplenishmentPolicy policy;
  policy.lead_time_days = 9;
  policy.cover_days = 28;
  policy.horizon_days = 60;
  absl::StatusOr<ReplenishmentPlan> plan =
      PlanFromForecast(std::vector<double>(60, 10.0), 4.0, 50, policy, {{3, 80}, {12, 500}});
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->on_order_within_lead_time, 80);
  EXPECT_EQ(plan->inventory_position, 130);
  ASSERT_TRUE(plan->reorder_in_days.has_value());
  EXPECT_EQ(*plan->reorder_in_days, 2);
  EXPECT_EQ(plan->reorder_quantity, 280);
  EXPECT_FALSE(plan->stockout_in_days.has_value());
  EXPECT_FALSE(plan->runs_out_before_arrival);
}

// An overdue receipt (due 2 days ago, not marked received) counts as due today: P_0 = 50 +
// 30 = 80 <= 110, reorder today 370 + 20 - 80 = 310; 10 (h + 1) > 80 first at h = 8 < 9.
TEST(ReplenishmentTest, OverdueReceiptCountsAsDueToday) {
  ReplenishmentPolicy policy;
  policy.lead_time_days = 9;
  policy.cover_days = 28;
  policy.horizon_days = 60;
  absl::StatusOr<ReplenishmentPlan> plan =
      PlanFromForecast(std::vector<double>(60, 10.0), 4.0, 50, policy, {{-2, 30}});
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->on_order_within_lead_time, 30);
  EXPECT_EQ(*plan->reorder_in_days, 0);
  EXPECT_EQ(plan->reorder_quantity, 310);
  EXPECT_EQ(*plan->stockout_in_days, 8);
  EXPECT_TRUE(plan->runs_out_before_arrival);
  EXPECT_EQ(PlanFromForecast(std::vector<double>(60, 10.0), 4.0, 50, policy, {{1, -5}})
                .status()
                .message(),
            "receipts: units must be >= 0");
}

}  // namespace
}  // namespace sales::analytics::domain
