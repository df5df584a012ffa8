#include "services/analytics/src/domain/channel_efficiency.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

TEST(ChannelEfficiencyTest, LeadsBelongToTheSalesChannelOfTheSameName) {
  EXPECT_EQ(SalesChannelOfLead("ACQUISITION_CHANNEL_WEB"), "CHANNEL_WEB");
  EXPECT_EQ(SalesChannelOfLead("ACQUISITION_CHANNEL_STORE"), "CHANNEL_STORE");
  EXPECT_EQ(SalesChannelOfLead("ACQUISITION_CHANNEL_PARTNER"), "CHANNEL_PARTNER");
  EXPECT_FALSE(SalesChannelOfLead("ACQUISITION_CHANNEL_REFERRAL").has_value());
  EXPECT_FALSE(SalesChannelOfLead("").has_value());
}

TEST(ChannelEfficiencyTest, CacAndReturnOnSpendFromSpendNewCustomersAndRevenue) {
  ChannelInputs in;
  in.sums[Measure::kOrders] = 5;
  in.sums[Measure::kNetMinor] = 50000;
  in.sums[Measure::kRefundMinor] = 5000;
  in.sums[Measure::kCostMinor] = 30000;
  in.sums[Measure::kRefundCostMinor] = 3000;
  in.sums[Measure::kNewCustomers] = 3;
  in.marketing_spend_minor = 10000;
  in.leads_created = 4;
  in.leads_won = 1;
  const ChannelFigures f = ChannelFiguresOf(in);
  EXPECT_EQ(f.revenue_minor, 45000);
  EXPECT_EQ(f.gross_margin_minor, 18000);
  EXPECT_EQ(f.orders, 5);
  EXPECT_EQ(f.new_customers, 3);
  EXPECT_DOUBLE_EQ(*f.lead_conversion, 0.25);
  EXPECT_EQ(*f.acquisition_cost_minor, 3333);  // 10000 / 3 = 3333.33
  EXPECT_DOUBLE_EQ(*f.return_on_spend, 4.5);

  const ChannelFigures none = ChannelFiguresOf({});
  EXPECT_FALSE(none.lead_conversion.has_value());
  EXPECT_FALSE(none.acquisition_cost_minor.has_value());
  EXPECT_FALSE(none.return_on_spend.has_value());
}

}  // namespace
}  // namespace sales::analytics::domain
