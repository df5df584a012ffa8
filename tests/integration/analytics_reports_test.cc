// The revenue bridge (of the company and of a slice), the funnel and the product report over
// gRPC, each against a case computed by hand, with the data entered through the orders and
// customers services.
#include <chrono>

#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class AnalyticsReportsTest : public AnalyticsTest {
 protected:
  ov1::ImportedOrder Historical(const std::string& customer, absl::CivilDay day,
                                const std::vector<std::tuple<std::string, int64_t, int64_t>>& lines,
                                ov1::Channel channel = ov1::CHANNEL_STORE) {
    ov1::ImportedOrder o;
    o.set_external_ref(absl::StrCat("rp-", next_ref_++));
    o.set_customer(customer);
    o.set_channel(channel);
    o.set_region("west");
    for (const auto& [product, units, price] : lines) {
      ov1::OrderLine* line = o.add_lines();
      line->set_product(product);
      line->set_quantity(units);
      line->mutable_unit_price()->set_minor_units(price);
      line->mutable_unit_cost()->set_minor_units(price / 2);
    }
    o.set_status(ov1::ORDER_STATUS_COMPLETED);
    const absl::Time t = absl::FromCivil(absl::CivilSecond(day) + 10 * 3600, Zone());
    *o.mutable_create_time() = Ts(t);
    *o.mutable_close_time() = Ts(t + absl::Hours(2));
    return o;
  }

  static av1::PeriodSpec Month(int year, int month, const absl::TimeZone& zone) {
    av1::PeriodSpec spec;
    spec.set_granularity(av1::GRANULARITY_MONTH);
    *spec.mutable_time() = Ts(absl::FromCivil(absl::CivilDay(year, month, 15), zone));
    return spec;
  }

  grpc::Status MoveLead(const std::string& lead, cv1::LeadStage stage) {
    cv1::ChangeLeadStageRequest req;
    req.set_name(lead);
    req.set_stage(stage);
    if (stage == cv1::LEAD_STAGE_LOST) req.set_lost_reason("no budget");
    cv1::Lead out;
    return customers_->ChangeLeadStage(Ctx().get(), req, &out);
  }

  int next_ref_ = 0;
};

TEST_F(AnalyticsReportsTest, TheRevenueBridgeAddsUpExactlyToTheChange) {
  const std::string p1 = NewProduct("BR-1", 1000, 500);
  const std::string p2 = NewProduct("BR-2", 500, 250);
  // January: A 2 x P1 at 10.00; B 1 x P1 at 10.00 and 1 x P2 at 5.00.
  // February: B 2 x P1 at 12.00; C (new) 3 x P2 at 5.00.
  ImportOrders(
      {Historical("customers/1", absl::CivilDay(2025, 1, 10), {{p1, 2, 1000}}),
       Historical("customers/2", absl::CivilDay(2025, 1, 12), {{p1, 1, 1000}, {p2, 1, 500}}),
       Historical("customers/2", absl::CivilDay(2025, 2, 3), {{p1, 2, 1200}}),
       Historical("customers/3", absl::CivilDay(2025, 2, 20), {{p2, 3, 500}})});
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    return Kpis(av1::GRANULARITY_MONTH, absl::FromCivil(absl::CivilDay(2025, 2, 15), Zone()))
               .values()
               .orders() == 2;
  }));

  av1::GetRevenueBridgeRequest req;
  *req.mutable_period() = Month(2025, 2, Zone());
  av1::RevenueBridge bridge;
  ASSERT_TRUE(analytics_->GetRevenueBridge(Ctx().get(), req, &bridge).ok());
  EXPECT_EQ(bridge.base().label(), "2025-01");
  EXPECT_EQ(bridge.base_revenue_minor(), 3500);
  EXPECT_EQ(bridge.current_revenue_minor(), 3900);
  EXPECT_EQ(bridge.change_minor(), 400);
  EXPECT_EQ(bridge.new_customers_minor(), 1500);    // C
  EXPECT_EQ(bridge.lost_customers_minor(), -2000);  // A
  // B: P1 from 10.00 to 12.00 on 2 units = +400; 2 units in both months, so no volume;
  // the rest of B's change (2400 - 1500 = 900) is mix: 900 - 400 = 500.
  EXPECT_EQ(bridge.price_minor(), 400);
  EXPECT_EQ(bridge.volume_minor(), 0);
  EXPECT_EQ(bridge.mix_minor(), 500);
  EXPECT_EQ(bridge.new_customers_minor() + bridge.lost_customers_minor() + bridge.price_minor() +
                bridge.volume_minor() + bridge.mix_minor(),
            bridge.change_minor());

  av1::GetRevenueBridgeRequest no_period;
  EXPECT_RPC_ERROR(analytics_->GetRevenueBridge(Ctx().get(), no_period, &bridge),
                   StatusCode::INVALID_ARGUMENT, "period");
}

TEST_F(AnalyticsReportsTest, TheBridgeOfASliceAddsUpToTheSlicesChange) {
  const std::string t1 = NewProduct("BT-1", 1000, 500, "tea");
  const std::string t2 = NewProduct("BT-2", 400, 200, "tea");
  const std::string c1 = NewProduct("BC-1", 800, 400, "coffee");
  const auto web = ov1::CHANNEL_WEB;
  // January: A (web) 3 x T1 at 10.00 and 1 x C1 at 8.00; B (store) 1 x T1 and 2 x T2 at
  // 4.00; D (web) 5 x T2.
  // February: A (web) 2 x T1 at 11.00 and 4 x T2; B (web) 2 x C1; E (web, new) 1 x T1.
  ImportOrders(
      {Historical("customers/1", absl::CivilDay(2025, 1, 5), {{t1, 3, 1000}, {c1, 1, 800}}, web),
       Historical("customers/2", absl::CivilDay(2025, 1, 6), {{t1, 1, 1000}, {t2, 2, 400}}),
       Historical("customers/4", absl::CivilDay(2025, 1, 7), {{t2, 5, 400}}, web),
       Historical("customers/1", absl::CivilDay(2025, 2, 5), {{t1, 2, 1100}, {t2, 4, 400}}, web),
       Historical("customers/2", absl::CivilDay(2025, 2, 6), {{c1, 2, 800}}, web),
       Historical("customers/5", absl::CivilDay(2025, 2, 7), {{t1, 1, 1000}}, web)});
  const absl::Time february = absl::FromCivil(absl::CivilDay(2025, 2, 15), Zone());
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    return Kpis(av1::GRANULARITY_MONTH, february).values().orders() == 3 &&
           Kpis(av1::GRANULARITY_MONTH, absl::FromCivil(absl::CivilDay(2025, 1, 15), Zone()))
                   .values()
                   .orders() == 3;
  }));
  auto bridge_of = [&](const av1::Slice& slice) {
    av1::GetRevenueBridgeRequest req;
    *req.mutable_period() = Month(2025, 2, Zone());
    *req.mutable_slice() = slice;
    av1::RevenueBridge bridge;
    const grpc::Status status = analytics_->GetRevenueBridge(Ctx().get(), req, &bridge);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return bridge;
  };
  auto sum_of_effects = [](const av1::RevenueBridge& b) {
    return b.new_customers_minor() + b.lost_customers_minor() + b.price_minor() + b.volume_minor() +
           b.mix_minor();
  };

  // Tea: A buys tea in both months; B (coffee only in February) and D are lost, E is new.
  const av1::Slice tea = SliceOf(av1::SLICE_DIMENSION_CATEGORY, "tea");
  const av1::RevenueBridge by_tea = bridge_of(tea);
  EXPECT_EQ(by_tea.slice().dimension(), av1::SLICE_DIMENSION_CATEGORY);
  EXPECT_EQ(by_tea.slice().member(), "tea");
  EXPECT_EQ(by_tea.base_revenue_minor(), 6800);
  EXPECT_EQ(by_tea.current_revenue_minor(), 4800);
  EXPECT_EQ(by_tea.current_revenue_minor(),
            Kpis(av1::GRANULARITY_MONTH, february, tea).values().revenue_minor());
  EXPECT_EQ(by_tea.change_minor(), -2000);
  EXPECT_EQ(by_tea.new_customers_minor(), 1000);    // E
  EXPECT_EQ(by_tea.lost_customers_minor(), -3800);  // B 1800, D 2000
  // A: T1 from 10.00 to 11.00 on 2 units = +200; 3 to 6 units at A's January 10.00 = +3000;
  // the rest of A's +800 is mix.
  EXPECT_EQ(by_tea.price_minor(), 200);
  EXPECT_EQ(by_tea.volume_minor(), 3000);
  EXPECT_EQ(by_tea.mix_minor(), -2400);
  EXPECT_EQ(sum_of_effects(by_tea), by_tea.change_minor());

  // The web channel: B moved to it (new there), D is lost, E is new; A's coffee is gone.
  const av1::Slice on_web = SliceOf(av1::SLICE_DIMENSION_CHANNEL, "CHANNEL_WEB");
  const av1::RevenueBridge by_web = bridge_of(on_web);
  EXPECT_EQ(by_web.base_revenue_minor(), 5800);
  EXPECT_EQ(by_web.current_revenue_minor(), 6400);
  EXPECT_EQ(by_web.current_revenue_minor(),
            Kpis(av1::GRANULARITY_MONTH, february, on_web).values().revenue_minor());
  EXPECT_EQ(by_web.change_minor(), 600);
  EXPECT_EQ(by_web.new_customers_minor(), 2600);
  EXPECT_EQ(by_web.lost_customers_minor(), -2000);
  EXPECT_EQ(by_web.price_minor(), 200);
  EXPECT_EQ(by_web.volume_minor(), 1900);  // 4 to 6 units at 38.00 / 4
  EXPECT_EQ(by_web.mix_minor(), -2100);
  EXPECT_EQ(sum_of_effects(by_web), by_web.change_minor());

  // The company's bridge is unchanged by the new field, and says it covers the company.
  const av1::RevenueBridge company = bridge_of(av1::Slice());
  EXPECT_EQ(company.slice().dimension(), av1::SLICE_DIMENSION_UNSPECIFIED);
  EXPECT_EQ(company.base_revenue_minor(), 7600);
  EXPECT_EQ(company.current_revenue_minor(), 6400);
  EXPECT_EQ(sum_of_effects(company), company.change_minor());

  // Slices a bridge cannot be cut by are refused, naming the field.
  for (const av1::Slice& refused :
       {SliceOf(av1::SLICE_DIMENSION_REP, "reps/r-1"), SliceOf(av1::SLICE_DIMENSION_TIER, "gold"),
        SliceOf(av1::SLICE_DIMENSION_RFM_SEGMENT, "champions")}) {
    av1::GetRevenueBridgeRequest req;
    *req.mutable_period() = Month(2025, 2, Zone());
    *req.mutable_slice() = refused;
    av1::RevenueBridge out;
    EXPECT_RPC_ERROR(analytics_->GetRevenueBridge(Ctx().get(), req, &out),
                     StatusCode::INVALID_ARGUMENT, "slice.dimension");
  }
}

TEST_F(AnalyticsReportsTest, TheFunnelCountsStagesReachedAndConversion) {
  std::vector<std::string> leads;
  for (int i = 0; i < 4; ++i) {
    cv1::CreateLeadRequest req;
    req.mutable_lead()->set_display_name(absl::StrCat("Lead ", i));
    req.mutable_lead()->set_owner_rep(i < 2 ? "reps/a" : "reps/b");
    cv1::Lead lead;
    ASSERT_TRUE(customers_->CreateLead(Ctx().get(), req, &lead).ok());
    leads.push_back(lead.name());
  }
  // 0: qualified, proposal, won (negotiation skipped); 1: qualified, lost; 2: lost; 3: open.
  ASSERT_TRUE(MoveLead(leads[0], cv1::LEAD_STAGE_QUALIFIED).ok());
  ASSERT_TRUE(MoveLead(leads[0], cv1::LEAD_STAGE_PROPOSAL).ok());
  ASSERT_TRUE(MoveLead(leads[0], cv1::LEAD_STAGE_WON).ok());
  ASSERT_TRUE(MoveLead(leads[1], cv1::LEAD_STAGE_QUALIFIED).ok());
  ASSERT_TRUE(MoveLead(leads[1], cv1::LEAD_STAGE_LOST).ok());
  ASSERT_TRUE(MoveLead(leads[2], cv1::LEAD_STAGE_LOST).ok());
  ASSERT_TRUE(WaitForToday([](const av1::KpiValues& v) {
    return v.leads_created() == 4 && v.leads_won() == 1 && v.leads_lost() == 2;
  }));

  av1::GetFunnelRequest req;
  req.mutable_period()->set_granularity(av1::GRANULARITY_DAY);
  av1::Funnel funnel;
  ASSERT_TRUE(analytics_->GetFunnel(Ctx().get(), req, &funnel).ok());
  const av1::FunnelFigures& all = funnel.all();
  EXPECT_EQ(all.leads(), 4);
  EXPECT_EQ(all.won(), 1);
  EXPECT_EQ(all.lost(), 2);
  EXPECT_DOUBLE_EQ(all.lead_to_win(), 0.25);
  ASSERT_EQ(all.stages_size(), 5);
  EXPECT_EQ(all.stages(0).stage(), "LEAD_STAGE_LEAD");
  EXPECT_EQ(all.stages(0).reached(), 4);
  EXPECT_EQ(all.stages(0).left(), 3);  // every lead but the open one moved on
  EXPECT_DOUBLE_EQ(all.stages(0).conversion_to_next(), 0.5);
  EXPECT_EQ(all.stages(1).reached(), 2);
  EXPECT_EQ(all.stages(2).reached(), 1);
  EXPECT_EQ(all.stages(3).reached(), 1);  // skipped on the way to WON: passed
  EXPECT_EQ(all.stages(4).reached(), 1);
  ASSERT_EQ(funnel.by_rep_size(), 2);
  EXPECT_EQ(funnel.by_rep(0).key(), "reps/a");
  EXPECT_EQ(funnel.by_rep(0).funnel().won(), 1);
  EXPECT_EQ(funnel.by_rep(1).funnel().lost(), 1);
}

TEST_F(AnalyticsReportsTest, TheProductReportClassifiesAndCoversStock) {
  const std::string customer = NewCustomer();
  const std::string selling = NewProduct("PR-1", 2000, 800);
  const std::string idle = NewProduct("PR-2", 1000, 400);
  Receive(selling, "WH1", 100);
  Receive(idle, "WH1", 40);
  PlaceOrder(customer, selling, 3);
  ASSERT_TRUE(WaitForToday([](const av1::KpiValues& v) { return v.orders() == 1; }));

  av1::GetProductReportRequest req;
  req.mutable_period()->set_granularity(av1::GRANULARITY_ISO_WEEK);
  av1::ProductReport report;
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    EXPECT_TRUE(analytics_->GetProductReport(Ctx().get(), req, &report).ok());
    return report.products_size() == 2 && report.products(0).available_units() == 97;
  }));
  EXPECT_EQ(report.total_products(), 2);
  const av1::ProductFigures& top = report.products(0);
  EXPECT_EQ(top.product(), selling);
  EXPECT_EQ(top.revenue_minor(), 6000);
  EXPECT_EQ(top.units(), 3);
  EXPECT_EQ(top.abc_class(), av1::ABC_CLASS_A);
  // 97 available (3 reserved by the confirmed order) over 3 units in 28 days.
  EXPECT_NEAR(top.days_of_cover(), 97.0 / (3.0 / 28.0), 1e-9);
  // 3 / (3 + 100 on hand).
  EXPECT_NEAR(top.sell_through(), 3.0 / 103.0, 1e-12);
  const av1::ProductFigures& other = report.products(1);
  EXPECT_EQ(other.product(), idle);
  EXPECT_EQ(other.revenue_minor(), 0);
  EXPECT_EQ(other.abc_class(), av1::ABC_CLASS_C);
  EXPECT_EQ(other.movement(), av1::MOVEMENT_SLOW);  // stock, and no sale at all
  EXPECT_FALSE(other.has_days_of_cover());

  req.set_history_periods(1);
  EXPECT_RPC_ERROR(analytics_->GetProductReport(Ctx().get(), req, &report),
                   StatusCode::INVALID_ARGUMENT, "history_periods");
}

}  // namespace
}  // namespace sales::testing
