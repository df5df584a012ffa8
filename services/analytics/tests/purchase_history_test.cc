#include "services/analytics/src/domain/purchase_history.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

using absl::CivilDay;

TEST(PurchaseHistoryTest, RepeatPurchaseDaysRecencyAgeAndTheMeanRepeatAmount) {
  const std::vector<Purchase> purchases = {
      {7, CivilDay(2026, 1, 1), 1000},   // first purchase: not a repeat, not in the mean
      {7, CivilDay(2026, 1, 1), 500},    // same day: counts once
      {7, CivilDay(2026, 1, 8), 2000},   // repeat 1
      {7, CivilDay(2026, 1, 15), 1000},  // repeat 2, on two orders of the same day
      {7, CivilDay(2026, 1, 15), 3000},
      {7, CivilDay(2026, 2, 1), 9999},   // after the end of calibration: left out
      {9, CivilDay(2026, 1, 20), 700},   // one purchase only
      {11, CivilDay(2026, 1, 30), 100},  // first purchase after the end: left out
  };
  const std::vector<PurchaseHistory> weeks =
      SummarizePurchases(purchases, CivilDay(2026, 1, 29), TimeUnit::kWeek);
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].customer_id, 7);
  EXPECT_EQ(weeks[0].frequency, 2);
  EXPECT_DOUBLE_EQ(weeks[0].recency, 2.0);                      // 14 days
  EXPECT_DOUBLE_EQ(weeks[0].age, 4.0);                          // 28 days
  EXPECT_DOUBLE_EQ(weeks[0].mean_repeat_amount_minor, 3000.0);  // (2000 + 4000) / 2
  EXPECT_EQ(weeks[1].customer_id, 9);
  EXPECT_EQ(weeks[1].frequency, 0);
  EXPECT_DOUBLE_EQ(weeks[1].recency, 0.0);
  EXPECT_DOUBLE_EQ(weeks[1].age, 9.0 / 7.0);  // fractions of a week stay
  EXPECT_DOUBLE_EQ(weeks[1].mean_repeat_amount_minor, 0.0);

  const std::vector<PurchaseHistory> days =
      SummarizePurchases(purchases, CivilDay(2026, 1, 29), TimeUnit::kDay);
  EXPECT_DOUBLE_EQ(days[0].recency, 14.0);
  EXPECT_DOUBLE_EQ(days[0].age, 28.0);

  const std::map<int64_t, int> holdout =
      HoldoutPurchaseDays(purchases, CivilDay(2026, 1, 29), CivilDay(2026, 2, 28));
  EXPECT_EQ(holdout, (std::map<int64_t, int>{{7, 1}, {9, 0}}));
}

}  // namespace
}  // namespace sales::analytics::domain
