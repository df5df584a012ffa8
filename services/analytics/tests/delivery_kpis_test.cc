#include "services/analytics/src/domain/delivery_kpis.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

TEST(DeliveryKpisTest, OnTimeRateIsOverPromisedDeliveriesOnly) {
  // 7 delivered, 5 with a promise: 3 on time, 2 late by 1 and 4 days.
  const OnTimeDelivery d = OnTimeDeliveryOf({7, 5, 3, 2, 5});
  EXPECT_EQ(d.counts.delivered, 7);
  EXPECT_DOUBLE_EQ(*d.rate, 0.6);               // 3 / 5
  EXPECT_DOUBLE_EQ(*d.average_days_late, 2.5);  // (1 + 4) / 2
}

TEST(DeliveryKpisTest, FiguresAreAbsentWithoutTheirDeliveries) {
  const OnTimeDelivery none = OnTimeDeliveryOf({4, 0, 0, 0, 0});
  EXPECT_FALSE(none.rate.has_value());
  EXPECT_FALSE(none.average_days_late.has_value());
  const OnTimeDelivery all_on_time = OnTimeDeliveryOf({2, 2, 2, 0, 0});
  EXPECT_DOUBLE_EQ(*all_on_time.rate, 1.0);
  EXPECT_FALSE(all_on_time.average_days_late.has_value());
}

// 3 of 8 open promised orders past their promised date: 0.375; none open: no share.
TEST(DeliveryKpisTest, OverdueShareIsOfTheOpenPromisedOrders) {
  const OverdueDeliveries d = OverdueDeliveriesOf({8, 3});
  EXPECT_EQ(d.counts.open_promised, 8);
  EXPECT_EQ(d.counts.overdue, 3);
  ASSERT_TRUE(d.share.has_value());
  EXPECT_DOUBLE_EQ(*d.share, 0.375);
  EXPECT_FALSE(OverdueDeliveriesOf({0, 0}).share.has_value());
}

}  // namespace
}  // namespace sales::analytics::domain
