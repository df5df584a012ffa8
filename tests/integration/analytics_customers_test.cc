// Customer figures of the KPIs over gRPC: active, returning, lapsed and repeat customers and
// the repeat-purchase rate by period and slice, the membership tier slice (the tier a
// customer held when ordering, from the customers feed) and the RFM segment slice (the
// customers' segments as of the period's end), each against hand-computed expectations.
#include <chrono>

#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class AnalyticsCustomersTest : public AnalyticsTest {
 protected:
  static ov1::ImportedOrder Historical(const std::string& ref, const std::string& customer,
                                       const std::string& product, absl::Time taken,
                                       ov1::Channel channel = ov1::CHANNEL_WEB,
                                       const std::string& region = "south",
                                       ov1::OrderStatus status = ov1::ORDER_STATUS_COMPLETED) {
    ov1::ImportedOrder o;
    o.set_external_ref(ref);
    o.set_customer(customer);
    o.set_channel(channel);
    o.set_region(region);
    ov1::OrderLine* line = o.add_lines();
    line->set_product(product);
    line->set_quantity(1);
    line->mutable_unit_price()->set_minor_units(1000);
    line->mutable_unit_cost()->set_minor_units(600);
    o.set_status(status);
    *o.mutable_create_time() = Ts(taken);
    *o.mutable_close_time() = Ts(taken + absl::Hours(48));
    return o;
  }

  absl::Time Shanghai(int y, int m, int d, int hh = 12) {
    return absl::FromCivil(absl::CivilSecond(y, m, d, hh, 0, 0), Zone());
  }

  // The KPIs of the period of `granularity` holding `at`, customer activity included.
  av1::KpiReport Figures(av1::Granularity granularity, absl::Time at, av1::Slice slice = {}) {
    av1::GetKpisRequest req;
    req.mutable_period()->set_granularity(granularity);
    *req.mutable_period()->mutable_time() = Ts(at);
    *req.mutable_slice() = std::move(slice);
    req.set_customer_activity(true);
    av1::KpiReport out;
    const grpc::Status status = analytics_->GetKpis(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  av1::KpiValues Month(absl::Time at, av1::Slice slice = {}) {
    return Figures(av1::GRANULARITY_MONTH, at, std::move(slice)).values();
  }
};

TEST_F(AnalyticsCustomersTest, ActiveReturningLapsedAndRepeatCustomersByPeriodAndSlice) {
  const std::string a = NewProduct("CA-1", 1000, 600, "tea");
  const std::string b = NewProduct("CB-1", 1000, 600, "cups");
  // February 2025: c1 and c2 on the web, c3 in a store.
  // March 2025: c1 twice and c3 once on the web, c4's first order on the web, c6's first in a
  // store (product b); c5's only order is cancelled. c2 buys nothing in March.
  ImportOrders(
      {Historical("f-1", "customers/1", a, Shanghai(2025, 2, 3)),
       Historical("f-2", "customers/2", a, Shanghai(2025, 2, 10)),
       Historical("f-3", "customers/3", a, Shanghai(2025, 2, 12), ov1::CHANNEL_STORE, "north"),
       Historical("m-1", "customers/1", a, Shanghai(2025, 3, 2)),
       Historical("m-2", "customers/1", a, Shanghai(2025, 3, 20)),
       Historical("m-3", "customers/3", a, Shanghai(2025, 3, 5)),
       Historical("m-4", "customers/4", a, Shanghai(2025, 3, 7)),
       Historical("m-5", "customers/5", a, Shanghai(2025, 3, 8), ov1::CHANNEL_WEB, "south",
                  ov1::ORDER_STATUS_CANCELLED),
       Historical("m-6", "customers/6", b, Shanghai(2025, 3, 9), ov1::CHANNEL_STORE, "north")});
  const absl::Time march = Shanghai(2025, 3, 15);
  // m-5's placement makes five March orders until its cancellation: with the cancellation in,
  // five means m-6, the last order, is in too.
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    const av1::KpiValues v = Month(march);
    return v.orders() == 5 && v.cancelled_orders() == 1;
  }));

  // Only when asked for: they are counted from the facts at query time.
  EXPECT_FALSE(Kpis(av1::GRANULARITY_MONTH, march).values().has_active_customers());
  EXPECT_FALSE(Kpis(av1::GRANULARITY_MONTH, march).values().has_repeat_purchase_rate());
  const av1::KpiReport report = Figures(av1::GRANULARITY_MONTH, march);
  const av1::KpiValues& v = report.values();
  EXPECT_EQ(v.active_customers(), 4);     // c1, c3, c4, c6 (c5's order was cancelled)
  EXPECT_EQ(v.new_customers(), 2);        // c4, c6
  EXPECT_EQ(v.returning_customers(), 2);  // c1, c3: they bought in February
  EXPECT_EQ(v.lapsed_customers(), 1);     // c2: active in February, not in March
  EXPECT_EQ(v.repeat_customers(), 1);     // c1: two orders in March
  EXPECT_DOUBLE_EQ(v.repeat_purchase_rate(), 0.25);
  // February had 3 active customers (c1, c2, c3), none of them twice.
  const av1::KpiValues& feb = report.vs_previous().base_values();
  EXPECT_EQ(feb.active_customers(), 3);
  EXPECT_EQ(feb.new_customers(), 3);
  EXPECT_EQ(feb.returning_customers(), 0);
  EXPECT_EQ(feb.lapsed_customers(), 0);
  EXPECT_DOUBLE_EQ(feb.repeat_purchase_rate(), 0.0);
  EXPECT_DOUBLE_EQ(report.vs_previous().active_customers(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(report.vs_previous().new_customers(), -1.0 / 3.0);
  EXPECT_FALSE(report.vs_previous().has_returning_customers());   // base 0
  EXPECT_FALSE(report.vs_previous().has_repeat_purchase_rate());  // base 0
  EXPECT_FALSE(report.vs_year_before().has_active_customers());   // March 2024: nobody

  // On the web: c1 (twice), c3 (whose February order was in a store) and c4; c2 lapsed.
  const av1::KpiValues web = Month(march, SliceOf(av1::SLICE_DIMENSION_CHANNEL, "CHANNEL_WEB"));
  EXPECT_EQ(web.active_customers(), 3);
  EXPECT_EQ(web.returning_customers(), 2);  // c1 and c3 bought before March, c3 elsewhere
  EXPECT_EQ(web.new_customers(), 1);        // c4 (new customers by their first order's channel)
  EXPECT_EQ(web.lapsed_customers(), 1);     // c2
  EXPECT_EQ(web.repeat_customers(), 1);
  EXPECT_DOUBLE_EQ(web.repeat_purchase_rate(), 1.0 / 3.0);
  // In stores: c6 only; c3 bought in a store in February but not in March: lapsed there.
  const av1::KpiValues store = Month(march, SliceOf(av1::SLICE_DIMENSION_CHANNEL, "CHANNEL_STORE"));
  EXPECT_EQ(store.active_customers(), 1);
  EXPECT_EQ(store.returning_customers(), 0);
  EXPECT_EQ(store.lapsed_customers(), 1);
  // By region, the same as by channel here (web is south, stores are north).
  EXPECT_EQ(Month(march, SliceOf(av1::SLICE_DIMENSION_REGION, "south")).active_customers(), 3);
  // By product and category: b is only c6's.
  const av1::KpiValues product_b = Month(march, SliceOf(av1::SLICE_DIMENSION_PRODUCT, b));
  EXPECT_EQ(product_b.active_customers(), 1);
  EXPECT_EQ(product_b.returning_customers(), 0);
  const av1::KpiValues tea = Month(march, SliceOf(av1::SLICE_DIMENSION_CATEGORY, "tea"));
  EXPECT_EQ(tea.active_customers(), 3);  // c1, c3, c4
  EXPECT_EQ(tea.lapsed_customers(), 1);  // c2 (c3 bought tea in both months)
  EXPECT_EQ(tea.repeat_customers(), 1);

  // A monthly trend carries the same figures per point.
  av1::GetKpiTrendRequest req;
  req.set_granularity(av1::GRANULARITY_MONTH);
  req.set_first_day("2025-02-01");
  req.set_last_day("2025-04-30");
  req.set_customer_activity(true);
  av1::KpiTrend trend;
  ASSERT_TRUE(analytics_->GetKpiTrend(Ctx().get(), req, &trend).ok());
  ASSERT_EQ(trend.points_size(), 3);
  EXPECT_EQ(trend.points(0).values().active_customers(), 3);
  EXPECT_EQ(trend.points(1).values().active_customers(), 4);
  EXPECT_EQ(trend.points(1).values().lapsed_customers(), 1);
  EXPECT_EQ(trend.points(2).values().active_customers(), 0);
  EXPECT_EQ(trend.points(2).values().lapsed_customers(), 4);  // everyone active in March
}

// The whole company's figures are read one of two ways, by how much of the history the two
// periods cover (a grouped read of the periods, or a scan of every order): a month of a long
// history takes the first, a year the second. Both count the same customers.
TEST_F(AnalyticsCustomersTest, CompanyFiguresAreTheSameOverALongHistory) {
  const std::string a = NewProduct("CL-1", 1000, 600, "tea");
  // c9 bought once, in 2021; c1 in February and twice in March 2025, c2 in February, c3 in
  // February and March, c4 first in March.
  ImportOrders({Historical("o-1", "customers/9", a, Shanghai(2021, 6, 1)),
                Historical("f-1", "customers/1", a, Shanghai(2025, 2, 3)),
                Historical("f-2", "customers/2", a, Shanghai(2025, 2, 10)),
                Historical("f-3", "customers/3", a, Shanghai(2025, 2, 12)),
                Historical("m-1", "customers/1", a, Shanghai(2025, 3, 2)),
                Historical("m-2", "customers/1", a, Shanghai(2025, 3, 20)),
                Historical("m-3", "customers/3", a, Shanghai(2025, 3, 5)),
                Historical("m-4", "customers/4", a, Shanghai(2025, 3, 7))});
  const absl::Time march = Shanghai(2025, 3, 15);
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] { return Month(march).orders() == 4; }));

  const av1::KpiValues month = Month(march);
  EXPECT_EQ(month.active_customers(), 3);     // c1, c3, c4
  EXPECT_EQ(month.returning_customers(), 2);  // c1, c3
  EXPECT_EQ(month.lapsed_customers(), 1);     // c2
  EXPECT_EQ(month.repeat_customers(), 1);     // c1

  const av1::KpiReport year = Figures(av1::GRANULARITY_YEAR, march);
  EXPECT_EQ(year.values().active_customers(), 4);     // c1, c2, c3, c4
  EXPECT_EQ(year.values().returning_customers(), 0);  // none bought before 2025
  EXPECT_EQ(year.values().lapsed_customers(), 0);     // nobody bought in 2024
  EXPECT_EQ(year.values().repeat_customers(), 2);     // c1 (3 orders), c3 (2)
  // 2021 against 2020: c9 new and active; 2022: c9 lapsed.
  const av1::KpiValues y2021 = Figures(av1::GRANULARITY_YEAR, Shanghai(2021, 7, 1)).values();
  EXPECT_EQ(y2021.active_customers(), 1);
  EXPECT_EQ(y2021.returning_customers(), 0);
  EXPECT_EQ(Figures(av1::GRANULARITY_YEAR, Shanghai(2022, 7, 1)).values().lapsed_customers(), 1);
}

TEST_F(AnalyticsCustomersTest, ATierSliceCountsOrdersInTheTierTheirCustomerHeldWhenOrdering) {
  const std::string product = NewProduct("T-1", 1000, 400);
  Receive(product, "WH1", 100);
  const std::string climber = NewCustomer("Climber");
  const std::string stayer = NewCustomer("Stayer");
  // This year's figures (a day or month could end while the test runs; the schema is new).
  auto year = [&](av1::Slice slice) { return Figures(av1::GRANULARITY_YEAR, absl::Now(), slice); };
  PlaceOrder(climber, product, 1);  // as standard
  // 2000.00 of spend moves the climber from standard to silver (silver from 1000.00).
  cv1::EarnPointsRequest earn;
  earn.set_account(climber + "/loyaltyAccount");
  earn.set_points(10);
  earn.mutable_spend()->set_currency_code("CNY");
  earn.mutable_spend()->set_minor_units(200000);
  cv1::PointEntry entry;
  const grpc::Status earned = customers_->EarnPoints(Ctx().get(), earn, &entry);
  ASSERT_TRUE(earned.ok()) << earned.error_message();
  PlaceOrder(climber, product, 2);  // as silver
  PlaceOrder(stayer, product, 3);   // never changed tier: standard, where everyone starts

  const av1::Slice silver = SliceOf(av1::SLICE_DIMENSION_TIER, "silver");
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    return Kpis(av1::GRANULARITY_YEAR, absl::Now()).values().orders() == 3 &&
           Kpis(av1::GRANULARITY_YEAR, absl::Now(), silver).values().orders() == 1;
  })) << "the tier change or the orders did not reach analytics";

  const av1::KpiReport s = year(silver);
  EXPECT_EQ(s.slice().dimension(), av1::SLICE_DIMENSION_TIER);
  EXPECT_EQ(s.values().orders(), 1);
  EXPECT_EQ(s.values().units(), 2);
  EXPECT_EQ(s.values().revenue_minor(), 2000);
  EXPECT_EQ(s.values().cost_minor(), 800);
  EXPECT_EQ(s.values().active_customers(), 1);
  EXPECT_EQ(s.values().new_customers(), 0);  // the climber's first order was as standard
  const av1::KpiValues standard = year(SliceOf(av1::SLICE_DIMENSION_TIER, "standard")).values();
  EXPECT_EQ(standard.orders(), 2);  // the climber's first, the stayer's
  EXPECT_EQ(standard.units(), 4);
  EXPECT_EQ(standard.active_customers(), 2);
  EXPECT_EQ(standard.new_customers(), 2);
  EXPECT_EQ(year(SliceOf(av1::SLICE_DIMENSION_TIER, "gold")).values().orders(), 0);
}

TEST_F(AnalyticsCustomersTest, AnRfmSegmentSliceCoversItsCustomersAsOfThePeriodEnd) {
  const std::string product = NewProduct("R-1", 1000, 600);
  // As of 31 March 2025 (a year's window): customers/21 bought on three days of March (3000),
  // customers/22 in April 2024 and February 2025 (2000). Two scored customers: 21 scores
  // R=3 F=3 M=3 (FM 3, "need attention"), 22 scores 1 1 1 ("lost").
  ImportOrders({Historical("s-1", "customers/21", product, Shanghai(2025, 3, 3)),
                Historical("s-2", "customers/21", product, Shanghai(2025, 3, 10)),
                Historical("s-3", "customers/21", product, Shanghai(2025, 3, 17)),
                Historical("s-4", "customers/22", product, Shanghai(2024, 4, 20)),
                Historical("s-5", "customers/22", product, Shanghai(2025, 2, 14))});
  const absl::Time march = Shanghai(2025, 3, 15);
  // March is complete before customers/22's orders are in; s-5, the last, is February's only.
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    return Month(march).orders() == 3 && Month(Shanghai(2025, 2, 14)).orders() == 1;
  }));

  const av1::KpiReport attention = Figures(
      av1::GRANULARITY_MONTH, march, SliceOf(av1::SLICE_DIMENSION_RFM_SEGMENT, "need_attention"));
  EXPECT_EQ(attention.slice().dimension(), av1::SLICE_DIMENSION_RFM_SEGMENT);
  EXPECT_EQ(attention.values().orders(), 3);
  EXPECT_EQ(attention.values().revenue_minor(), 3000);
  EXPECT_EQ(attention.values().new_customers(), 1);
  EXPECT_EQ(attention.values().active_customers(), 1);
  EXPECT_EQ(attention.values().repeat_customers(), 1);
  EXPECT_DOUBLE_EQ(attention.values().repeat_purchase_rate(), 1.0);
  // Growth compares the same customers: customers/21 bought nothing in February.
  EXPECT_EQ(attention.vs_previous().base_values().orders(), 0);

  const av1::KpiValues lost = Month(march, SliceOf(av1::SLICE_DIMENSION_RFM_SEGMENT, "lost"));
  EXPECT_EQ(lost.orders(), 0);
  EXPECT_EQ(lost.active_customers(), 0);
  EXPECT_EQ(lost.lapsed_customers(), 1);  // customers/22 bought in February, not in March
  // February's base of "lost" is customers/22's February order.
  const av1::KpiReport lost_report =
      Figures(av1::GRANULARITY_MONTH, march, SliceOf(av1::SLICE_DIMENSION_RFM_SEGMENT, "lost"));
  EXPECT_EQ(lost_report.vs_previous().base_values().orders(), 1);
  EXPECT_EQ(lost_report.vs_previous().base_values().active_customers(), 1);
  EXPECT_DOUBLE_EQ(lost_report.vs_previous().orders(), -1.0);

  av1::GetKpisRequest bad;
  bad.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
  *bad.mutable_slice() = SliceOf(av1::SLICE_DIMENSION_RFM_SEGMENT, "vip");
  av1::KpiReport out;
  EXPECT_RPC_ERROR(analytics_->GetKpis(Ctx().get(), bad, &out), StatusCode::INVALID_ARGUMENT,
                   "slice.member");
}

}  // namespace
}  // namespace sales::testing
