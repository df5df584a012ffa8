// Diagnosis end to end over gRPC: history imported through the orders service (and leads
// through customers), then GetContribution explains a KPI's change by channel and by rep in
// parts that add up exactly to the change; GetProcessKpis and GetChannelEfficiency match
// figures computed by hand; bad requests name their field.
#include <chrono>
#include <map>

#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class AnalyticsDiagnosisTest : public AnalyticsTest {
 protected:
  absl::Time Shanghai(int y, int m, int d, int hh = 12) {
    return absl::FromCivil(absl::CivilSecond(y, m, d, hh, 0, 0), Zone());
  }

  struct Line {
    std::string product;
    int64_t quantity = 0;
    int64_t price = 0;
    int64_t cost = 0;
  };

  ov1::ImportedOrder Historical(const std::string& ref, const std::string& customer,
                                ov1::Channel channel, const std::string& region, absl::Time taken,
                                const std::vector<Line>& lines,
                                const std::vector<std::pair<std::string, int>>& credits) {
    ov1::ImportedOrder o;
    o.set_external_ref(ref);
    o.set_customer(customer);
    o.set_channel(channel);
    o.set_region(region);
    for (const auto& [rep, bp] : credits) {
      ov1::SalesCredit* c = o.add_sales_credits();
      c->set_rep(rep);
      c->set_revenue_share_bp(bp);
    }
    for (const Line& l : lines) {
      ov1::OrderLine* line = o.add_lines();
      line->set_product(l.product);
      line->set_quantity(l.quantity);
      line->mutable_unit_price()->set_minor_units(l.price);
      line->mutable_unit_cost()->set_minor_units(l.cost);
    }
    o.set_status(ov1::ORDER_STATUS_COMPLETED);
    *o.mutable_create_time() = Ts(taken);
    *o.mutable_close_time() = Ts(taken + absl::Hours(48));
    return o;
  }

  // September (base) and October 2026 (current), Asia/Shanghai:
  //   o1 Sep  A WEB   south  3 x tea 1000           r-1 100%
  //   o2 Sep  B STORE north  1 x coffee 2000        r-1 50%, r-2 50%
  //   o3 Sep  C STORE north  1 x tea 1000           no credit
  //   o4 Oct  A WEB   south  5 x tea 1000           r-2 100%, one unit returned in October
  //   o5 Oct  D STORE east   2 x coffee 2000        r-1 33.33%, r-2 66.67%
  //   o6 Oct  B WEB   north  1 x tea + 1 x coffee   r-1 50%, r-2 50%
  // Revenue: September 6000, October 5000 + 4000 + 3000 - 1000 = 11000.
  void ImportHistory() {
    const std::string a = NewCustomer("A"), b = NewCustomer("B"), c = NewCustomer("C"),
                      d = NewCustomer("D");
    const std::string tea = NewProduct("TEA", 1000, 600, "tea");
    const std::string coffee = NewProduct("COF", 2000, 1500, "coffee");
    ov1::ImportedOrder o4 = Historical("o4", a, ov1::CHANNEL_WEB, "south", Shanghai(2026, 10, 5),
                                       {{tea, 5, 1000, 600}}, {{"reps/r-2", 10000}});
    ov1::ImportedReturn* r = o4.add_returns();
    r->set_reason("broken");
    r->set_disposition(ov1::DISPOSITION_SCRAP);
    *r->mutable_request_time() = Ts(Shanghai(2026, 10, 9));
    *r->mutable_resolve_time() = Ts(Shanghai(2026, 10, 10));
    ov1::ReturnLine* rl = r->add_lines();
    rl->set_line_id(1);
    rl->set_quantity(1);
    ImportOrders({
        Historical("o1", a, ov1::CHANNEL_WEB, "south", Shanghai(2026, 9, 3), {{tea, 3, 1000, 600}},
                   {{"reps/r-1", 10000}}),
        Historical("o2", b, ov1::CHANNEL_STORE, "north", Shanghai(2026, 9, 10),
                   {{coffee, 1, 2000, 1500}}, {{"reps/r-1", 5000}, {"reps/r-2", 5000}}),
        Historical("o3", c, ov1::CHANNEL_STORE, "north", Shanghai(2026, 9, 20),
                   {{tea, 1, 1000, 600}}, {}),
        o4,
        Historical("o5", d, ov1::CHANNEL_STORE, "east", Shanghai(2026, 10, 12),
                   {{coffee, 2, 2000, 1500}}, {{"reps/r-1", 3333}, {"reps/r-2", 6667}}),
        Historical("o6", b, ov1::CHANNEL_WEB, "north", Shanghai(2026, 10, 20),
                   {{tea, 1, 1000, 600}, {coffee, 1, 2000, 1500}},
                   {{"reps/r-1", 5000}, {"reps/r-2", 5000}}),
    });
    ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
      return Kpis(av1::GRANULARITY_MONTH, Shanghai(2026, 10, 15)).values().revenue_minor() == 11000;
    })) << "the imported history did not reach analytics";
  }

  av1::GetContributionRequest Request(av1::ContributionKpi kpi,
                                      std::vector<av1::SliceDimension> dimensions) {
    av1::GetContributionRequest req;
    req.set_kpi(kpi);
    req.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
    *req.mutable_period()->mutable_time() = Ts(Shanghai(2026, 10, 15));
    for (av1::SliceDimension d : dimensions) req.add_dimensions(d);
    return req;
  }

  av1::ContributionAnalysis Contribution(const av1::GetContributionRequest& req) {
    av1::ContributionAnalysis out;
    const grpc::Status status = analytics_->GetContribution(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // A lead created at `created` moved LEAD -> QUALIFIED -> PROPOSAL -> WON, won at `won`.
  static cv1::ImportCustomerHistoryRequest WonLead(
      const std::string& id, absl::Time created, absl::Time won,
      const std::string& owner = "reps/r-1",
      cv1::AcquisitionChannel channel = cv1::ACQUISITION_CHANNEL_WEB) {
    cv1::ImportCustomerHistoryRequest req;
    cv1::ImportedLead* lead = req.mutable_lead();
    lead->mutable_external_ref()->set_source_system("crm");
    lead->mutable_external_ref()->set_id(id);
    lead->set_display_name("Deal " + id);
    lead->set_owner_rep(owner);
    lead->set_acquisition_channel(channel);
    *lead->mutable_create_time() = Ts(created);
    const absl::Duration step = (won - created) / 3;
    for (auto [stage, at] : {std::pair{cv1::LEAD_STAGE_QUALIFIED, created + step},
                             std::pair{cv1::LEAD_STAGE_PROPOSAL, created + 2 * step},
                             std::pair{cv1::LEAD_STAGE_WON, won}}) {
      cv1::ImportedStageChange* change = lead->add_stage_history();
      change->set_stage(stage);
      *change->mutable_change_time() = Ts(at);
    }
    return req;
  }

  void ImportLeads(const std::vector<cv1::ImportCustomerHistoryRequest>& items) {
    cv1::ImportCustomerHistoryResponse resp;
    auto ctx = CallCtx(std::chrono::seconds(60));
    auto writer = customers_->ImportCustomerHistory(ctx.get(), &resp);
    for (const cv1::ImportCustomerHistoryRequest& item : items) ASSERT_TRUE(writer->Write(item));
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  av1::ProcessKpis ProcessKpis(av1::Granularity granularity, absl::Time at,
                               av1::SliceDimension dimension = av1::SLICE_DIMENSION_UNSPECIFIED,
                               const std::string& member = "") {
    av1::GetProcessKpisRequest req;
    req.mutable_period()->set_granularity(granularity);
    *req.mutable_period()->mutable_time() = Ts(at);
    req.mutable_slice()->set_dimension(dimension);
    req.mutable_slice()->set_member(member);
    av1::ProcessKpis out;
    const grpc::Status status = analytics_->GetProcessKpis(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  void RecordSpend(const std::string& channel, const std::string& first, const std::string& last,
                   int64_t minor) {
    av1::RecordMarketingSpendRequest req;
    req.set_channel(channel);
    req.set_first_day(first);
    req.set_last_day(last);
    req.mutable_amount()->set_currency_code("CNY");
    req.mutable_amount()->set_minor_units(minor);
    av1::RecordedInput out;
    const grpc::Status status = analytics_->RecordMarketingSpend(Ctx().get(), req, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Row contributions by member ("" for the unattributed row), checking they add up.
  static std::map<std::string, int64_t> Rows(const av1::ContributionAnalysis& a, int dimension) {
    std::map<std::string, int64_t> out;
    int64_t sum = 0;
    for (const av1::ContributionRow& row : a.dimensions(dimension).rows()) {
      out[row.member()] = row.contribution();
      sum += row.contribution();
    }
    EXPECT_EQ(sum, a.change()) << "rows of dimension " << dimension << " do not add up";
    return out;
  }
};

TEST_F(AnalyticsDiagnosisTest, RevenueChangeIsExplainedByChannelAndByRepExactly) {
  ImportHistory();
  if (HasFatalFailure()) return;
  const av1::ContributionAnalysis a = Contribution(Request(
      av1::CONTRIBUTION_KPI_REVENUE, {av1::SLICE_DIMENSION_CHANNEL, av1::SLICE_DIMENSION_REP}));
  EXPECT_EQ(a.period().label(), "2026-10");
  EXPECT_EQ(a.base().label(), "2026-09");
  EXPECT_EQ(a.unit(), "minor_units");
  EXPECT_FALSE(a.ratio());
  EXPECT_EQ(a.base_value(), 6000);
  EXPECT_EQ(a.current_value(), 11000);
  EXPECT_EQ(a.change(), 5000);
  ASSERT_EQ(a.dimensions_size(), 2);

  // WEB 3000 -> 7000 (5000 - 1000 refunded + 3000), STORE 3000 -> 4000; largest first.
  EXPECT_EQ(a.dimensions(0).dimension(), av1::SLICE_DIMENSION_CHANNEL);
  ASSERT_EQ(a.dimensions(0).rows_size(), 2);
  EXPECT_EQ(a.dimensions(0).rows(0).member(), "CHANNEL_WEB");
  EXPECT_EQ(a.dimensions(0).rows(0).base_value(), 3000);
  EXPECT_EQ(a.dimensions(0).rows(0).current_value(), 7000);
  EXPECT_EQ(Rows(a, 0),
            (std::map<std::string, int64_t>{{"CHANNEL_WEB", 4000}, {"CHANNEL_STORE", 1000}}));

  // Reps by credit share: September r-1 3000 + 1000, r-2 1000, o3 unattributed 1000.
  // October o5's 4000 split 3333/6667 -> 1333/2667: r-1 1333 + 1500 = 2833; r-2 5000 -
  // 1000 (the refund of its order) + 2667 + 1500 = 8167; nothing unattributed.
  EXPECT_EQ(a.dimensions(1).dimension(), av1::SLICE_DIMENSION_REP);
  EXPECT_EQ(Rows(a, 1),
            (std::map<std::string, int64_t>{{"reps/r-2", 7167}, {"reps/r-1", -1167}, {"", -1000}}));
  const av1::ContributionRow& last = a.dimensions(1).rows(2);
  EXPECT_EQ(last.kind(), av1::CONTRIBUTION_ROW_KIND_UNATTRIBUTED);
  EXPECT_EQ(last.base_value(), 1000);
  EXPECT_EQ(last.current_value(), 0);
  EXPECT_EQ(a.dimensions(1).rows(0).member(), "reps/r-2");
}

TEST_F(AnalyticsDiagnosisTest, OrdersAreSplitOverRepsAndAverageOrderValueIntoMixAndRate) {
  ImportHistory();
  if (HasFatalFailure()) return;
  // Orders by rep: September 3 orders split by credited basis points 15000 / 5000 and 10000
  // unattributed -> 2 / 0 / 1; October 8333 / 21667 -> 1 / 2.
  const av1::ContributionAnalysis orders =
      Contribution(Request(av1::CONTRIBUTION_KPI_ORDERS, {av1::SLICE_DIMENSION_REP}));
  EXPECT_EQ(orders.change(), 0);
  EXPECT_EQ(Rows(orders, 0),
            (std::map<std::string, int64_t>{{"reps/r-2", 2}, {"reps/r-1", -1}, {"", -1}}));

  // Average order value by channel: 6000 / 3 = 2000 -> 12000 / 3 = 4000. WEB: weight 1/3 ->
  // 2/3, rate 3000 -> 4000: mix 1/3 x (3500 - 3000) = 166.67, rate 1/2 x 1000 = 500. STORE:
  // weight 2/3 -> 1/3, rate 1500 -> 4000: mix -1/3 x (2750 - 3000) = 83.33, rate 1250.
  const av1::ContributionAnalysis aov = Contribution(
      Request(av1::CONTRIBUTION_KPI_AVERAGE_ORDER_VALUE, {av1::SLICE_DIMENSION_CHANNEL}));
  EXPECT_TRUE(aov.ratio());
  EXPECT_EQ(aov.base_value(), 2000);
  EXPECT_EQ(aov.current_value(), 4000);
  EXPECT_EQ(Rows(aov, 0),
            (std::map<std::string, int64_t>{{"CHANNEL_WEB", 667}, {"CHANNEL_STORE", 1333}}));
  for (const av1::ContributionRow& row : aov.dimensions(0).rows()) {
    if (row.member() == "CHANNEL_WEB") {
      EXPECT_NEAR(row.mix_effect(), 166.6667, 1e-3);
      EXPECT_NEAR(row.rate_effect(), 500, 1e-9);
      EXPECT_EQ(row.base_denominator(), 1);
      EXPECT_EQ(row.current_denominator(), 2);
    } else {
      EXPECT_NEAR(row.mix_effect(), 83.3333, 1e-3);
      EXPECT_NEAR(row.rate_effect(), 1250, 1e-9);
    }
  }
}

TEST_F(AnalyticsDiagnosisTest, ProcessKpisOfAMonthMatchHandComputation) {
  ImportHistory();
  if (HasFatalFailure()) return;
  // Won in October after 4, 20 and 1.5 days; one won in September does not count.
  ImportLeads({WonLead("l1", Shanghai(2026, 10, 1), Shanghai(2026, 10, 5)),
               WonLead("l2", Shanghai(2026, 9, 20), Shanghai(2026, 10, 10)),
               WonLead("l3", Shanghai(2026, 10, 3), Shanghai(2026, 10, 5, 0)),
               WonLead("l4", Shanghai(2026, 9, 1), Shanghai(2026, 9, 30))});
  if (HasFatalFailure()) return;
  av1::ProcessKpis k;
  ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
    k = ProcessKpis(av1::GRANULARITY_MONTH, Shanghai(2026, 10, 15));
    return k.sales_cycle().won_leads() == 3;
  })) << k.DebugString();
  EXPECT_EQ(k.period().label(), "2026-10");
  // Sorted 1.5, 4, 20: median 4; p90 at h = 1.8: 4 + 0.8 x 16 = 16.8.
  EXPECT_NEAR(k.sales_cycle().median_days(), 4.0, 1e-9);
  EXPECT_NEAR(k.sales_cycle().p90_days(), 16.8, 1e-9);
  // September's customers A, B, C; October's A, B, D: C churned, 1 of 3.
  EXPECT_EQ(k.churn().base().label(), "2026-09");
  EXPECT_EQ(k.churn().active_base(), 3);
  EXPECT_EQ(k.churn().churned(), 1);
  EXPECT_NEAR(k.churn().rate(), 1.0 / 3, 1e-12);
  // Imported orders move no stock: nothing to turn over.
  EXPECT_EQ(k.inventory_turnover().unavailable(), av1::PROCESS_KPI_GAP_NO_STOCK_HISTORY);
  EXPECT_FALSE(k.inventory_turnover().has_turnover());
  // October's COGS: 5 x 600 + 2 x 1500 + 600 + 1500 - 600 returned = 7500.
  EXPECT_EQ(k.inventory_turnover().cost_of_goods_sold_minor(), 7500);
  EXPECT_EQ(k.stock_outs().unavailable(), av1::PROCESS_KPI_GAP_NO_STOCK_HISTORY);
}

// Sales cycle and churn by channel, region and rep, computed by hand from ImportHistory's
// orders and these leads (created -> won, Asia/Shanghai, noon unless said):
//   l1 r-1 WEB      10-01 -> 10-05        4 days
//   l2 r-2 STORE    09-20 -> 10-10       20 days
//   l3 r-1 STORE    10-03 -> 10-05 00:00  1.5 days
//   l4 r-1 WEB      09-01 -> 09-30       won in September: not in October's figures
//   l5 r-2 ORGANIC  10-02 -> 10-09        7 days (no sales channel: in no channel slice)
// The sales channel of a lead is its acquisition channel when orders have one of that name
// (STORE, WEB, PARTNER). Quantiles are type 7: sorted x, h = (n - 1) q, x[h] interpolated.
TEST_F(AnalyticsDiagnosisTest, SalesCycleAndChurnBySliceMatchHandComputation) {
  ImportHistory();
  if (HasFatalFailure()) return;
  ImportLeads({WonLead("l1", Shanghai(2026, 10, 1), Shanghai(2026, 10, 5), "reps/r-1",
                       cv1::ACQUISITION_CHANNEL_WEB),
               WonLead("l2", Shanghai(2026, 9, 20), Shanghai(2026, 10, 10), "reps/r-2",
                       cv1::ACQUISITION_CHANNEL_STORE),
               WonLead("l3", Shanghai(2026, 10, 3), Shanghai(2026, 10, 5, 0), "reps/r-1",
                       cv1::ACQUISITION_CHANNEL_STORE),
               WonLead("l4", Shanghai(2026, 9, 1), Shanghai(2026, 9, 30), "reps/r-1",
                       cv1::ACQUISITION_CHANNEL_WEB),
               WonLead("l5", Shanghai(2026, 10, 2), Shanghai(2026, 10, 9), "reps/r-2",
                       cv1::ACQUISITION_CHANNEL_ORGANIC)});
  if (HasFatalFailure()) return;
  const absl::Time october = Shanghai(2026, 10, 15);
  av1::ProcessKpis all;
  ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
    all = ProcessKpis(av1::GRANULARITY_MONTH, october);
    return all.sales_cycle().won_leads() == 4;
  })) << all.DebugString();
  // Whole company: 1.5, 4, 7, 20. Median h = 1.5: 4 + 0.5 x 3 = 5.5; p90 h = 2.7: 7 + 0.7 x
  // 13 = 16.1.
  EXPECT_NEAR(all.sales_cycle().median_days(), 5.5, 1e-9);
  EXPECT_NEAR(all.sales_cycle().p90_days(), 16.1, 1e-9);

  struct Expected {
    av1::SliceDimension dimension;
    std::string member;
    int64_t won;
    double median, p90;  // when won > 0
    av1::ProcessKpiGap cycle_gap;
    int64_t active_base, churned;
  };
  // Churn: September's customers of the slice that bought nothing in it in October.
  //   Sep: o1 A WEB south r-1; o2 B STORE north r-1 r-2; o3 C STORE north (no rep)
  //   Oct: o4 A WEB south r-2; o5 D STORE east r-1 r-2; o6 B WEB north r-1 r-2
  const Expected cases[] = {
      // l1 only. Sep {A}, Oct {A, B}: none lost.
      {av1::SLICE_DIMENSION_CHANNEL, "CHANNEL_WEB", 1, 4, 4, {}, 1, 0},
      // l3, l2: 1.5, 20: median 10.75, p90 1.5 + 0.9 x 18.5 = 18.15. Sep {B, C}, Oct {D}: B
      // (who bought on the web in October) and C are lost to the store channel.
      {av1::SLICE_DIMENSION_CHANNEL, "CHANNEL_STORE", 2, 10.75, 18.15, {}, 2, 2},
      // No lead has a phone acquisition channel; no phone order.
      {av1::SLICE_DIMENSION_CHANNEL, "CHANNEL_PHONE", 0, 0, 0, av1::PROCESS_KPI_GAP_NO_WON_LEADS, 0,
       0},
      // l3, l1: 1.5, 4: median 2.75, p90 1.5 + 0.9 x 2.5 = 3.75. Sep {A, B}, Oct {D, B}: A.
      {av1::SLICE_DIMENSION_REP, "reps/r-1", 2, 2.75, 3.75, {}, 2, 1},
      // l5, l2: 7, 20: median 13.5, p90 7 + 0.9 x 13 = 18.7. Sep {B}, Oct {A, D, B}: none.
      {av1::SLICE_DIMENSION_REP, "reps/r-2", 2, 13.5, 18.7, {}, 1, 0},
      // Leads have no region. Sep {B, C}, Oct {B}: C.
      {av1::SLICE_DIMENSION_REGION, "north", 0, 0, 0, av1::PROCESS_KPI_GAP_NOT_BY_SLICE, 2, 1},
      // Sep {A}, Oct {A}.
      {av1::SLICE_DIMENSION_REGION, "south", 0, 0, 0, av1::PROCESS_KPI_GAP_NOT_BY_SLICE, 1, 0},
      // Nobody bought in the east in September: no churn rate.
      {av1::SLICE_DIMENSION_REGION, "east", 0, 0, 0, av1::PROCESS_KPI_GAP_NOT_BY_SLICE, 0, 0},
  };
  for (const Expected& e : cases) {
    SCOPED_TRACE(e.member);
    const av1::ProcessKpis k = ProcessKpis(av1::GRANULARITY_MONTH, october, e.dimension, e.member);
    EXPECT_EQ(k.slice().member(), e.member);
    EXPECT_EQ(k.sales_cycle().won_leads(), e.won);
    if (e.won > 0) {
      EXPECT_NEAR(k.sales_cycle().median_days(), e.median, 1e-9);
      EXPECT_NEAR(k.sales_cycle().p90_days(), e.p90, 1e-9);
      EXPECT_EQ(k.sales_cycle().unavailable(), av1::PROCESS_KPI_GAP_UNSPECIFIED);
    } else {
      EXPECT_FALSE(k.sales_cycle().has_median_days());
      EXPECT_EQ(k.sales_cycle().unavailable(), e.cycle_gap);
    }
    EXPECT_EQ(k.churn().base().label(), "2026-09");
    EXPECT_EQ(k.churn().active_base(), e.active_base);
    EXPECT_EQ(k.churn().churned(), e.churned);
    if (e.active_base > 0) {
      EXPECT_NEAR(k.churn().rate(),
                  static_cast<double>(e.churned) / static_cast<double>(e.active_base), 1e-12);
    } else {
      EXPECT_FALSE(k.churn().has_rate());
      EXPECT_EQ(k.churn().unavailable(), av1::PROCESS_KPI_GAP_NO_ACTIVE_CUSTOMERS);
    }
  }
}

TEST_F(AnalyticsDiagnosisTest, InventoryTurnoverAndStockOutDaysFromLiveStockEvents) {
  const std::string customer = NewCustomer();
  const std::string p = NewProduct("P-1", 1000, 600, "tea");
  const std::string q = NewProduct("Q-1", 900, 500, "tea");
  Receive(p, "WH1", 10);
  Receive(q, "WH1", 2);
  PlaceOrder(customer, p, 4);  // reserved, still on hand
  const ov1::Order order = PlaceOrder(customer, q, 2);
  ov1::ShipOrderRequest ship;
  ship.set_name(order.name());
  ship.set_carrier("EMS");
  ship.set_tracking_number("EMS-2");
  ov1::Order shipped;
  ASSERT_TRUE(orders_->ShipOrder(Ctx().get(), ship, &shipped).ok());  // Q's last 2 leave
  // Today: P ends the day with 10 on hand at 600, Q with 0 (a stock-out day): average
  // inventory 6000; COGS 4 x 600 + 2 x 500 = 3400; turnover 3400 / 6000.
  av1::ProcessKpis k;
  ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
    k = ProcessKpis(av1::GRANULARITY_DAY, absl::Now());
    return k.stock_outs().stock_out_days() == 1 &&
           k.inventory_turnover().cost_of_goods_sold_minor() == 3400;
  })) << k.DebugString();
  EXPECT_EQ(k.inventory_turnover().days(), 1);
  EXPECT_EQ(k.inventory_turnover().stock_items(), 2);
  EXPECT_EQ(k.inventory_turnover().average_inventory_minor(), 6000);
  EXPECT_NEAR(k.inventory_turnover().turnover(), 3400.0 / 6000.0, 1e-12);
  ASSERT_EQ(k.stock_outs().items_size(), 1);
  EXPECT_EQ(k.stock_outs().items(0).product(), q);
  EXPECT_EQ(k.stock_outs().items(0).warehouse(), "WH1");
  EXPECT_EQ(k.stock_outs().items(0).days(), 1);
  EXPECT_EQ(k.sales_cycle().unavailable(), av1::PROCESS_KPI_GAP_NO_WON_LEADS);
}

TEST_F(AnalyticsDiagnosisTest, ChannelEfficiencyPerMonthWithCacAndReturnOnSpend) {
  ImportHistory();
  if (HasFatalFailure()) return;
  RecordSpend("CHANNEL_WEB", "2026-10-01", "2026-10-31", 10000);
  RecordSpend("CHANNEL_STORE", "2026-10-01", "2026-10-31", 3000);
  if (HasFatalFailure()) return;
  ImportLeads({WonLead("w1", Shanghai(2026, 10, 1), Shanghai(2026, 10, 5))});
  if (HasFatalFailure()) return;
  av1::GetChannelEfficiencyRequest req;
  req.set_granularity(av1::GRANULARITY_MONTH);
  req.set_first_day("2026-09-01");
  req.set_last_day("2026-10-31");
  av1::ChannelEfficiency e;
  ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
    e = av1::ChannelEfficiency();
    const grpc::Status status = analytics_->GetChannelEfficiency(Ctx().get(), req, &e);
    // The lead's creation and its win are two events, which may be ingested apart.
    return status.ok() && e.periods_size() == 2 && e.periods(1).channels_size() == 2 &&
           e.periods(1).channels(1).leads_created() == 1 &&
           e.periods(1).channels(1).leads_won() == 1;
  })) << e.DebugString();
  const av1::ChannelPeriod& sep = e.periods(0);
  const av1::ChannelPeriod& oct = e.periods(1);
  EXPECT_EQ(sep.period().label(), "2026-09");
  // Channels in name order: CHANNEL_STORE, CHANNEL_WEB.
  const av1::ChannelFigures& store_sep = sep.channels(0);
  EXPECT_EQ(store_sep.channel(), "CHANNEL_STORE");
  EXPECT_EQ(store_sep.revenue_minor(), 3000);
  EXPECT_EQ(store_sep.new_customers(), 2);           // B and C
  EXPECT_EQ(store_sep.acquisition_cost_minor(), 0);  // no spend recorded for September
  EXPECT_FALSE(store_sep.has_return_on_spend());
  const av1::ChannelFigures& store_oct = oct.channels(0);
  EXPECT_EQ(store_oct.revenue_minor(), 4000);
  EXPECT_EQ(store_oct.gross_margin_minor(), 1000);
  EXPECT_EQ(store_oct.orders(), 1);
  EXPECT_EQ(store_oct.new_customers(), 1);  // D
  EXPECT_EQ(store_oct.marketing_spend_minor(), 3000);
  EXPECT_EQ(store_oct.acquisition_cost_minor(), 3000);
  EXPECT_NEAR(store_oct.return_on_spend(), 4000.0 / 3000.0, 1e-12);
  EXPECT_FALSE(store_oct.has_lead_conversion());
  const av1::ChannelFigures& web_oct = oct.channels(1);
  EXPECT_EQ(web_oct.channel(), "CHANNEL_WEB");
  EXPECT_EQ(web_oct.revenue_minor(), 7000);
  EXPECT_EQ(web_oct.orders(), 2);
  EXPECT_EQ(web_oct.new_customers(), 0);
  EXPECT_FALSE(web_oct.has_acquisition_cost_minor());
  EXPECT_NEAR(web_oct.return_on_spend(), 0.7, 1e-12);
  EXPECT_EQ(web_oct.leads_won(), 1);
  EXPECT_NEAR(web_oct.lead_conversion(), 1.0, 1e-12);
  // Totals over both months: WEB 3000 + 7000 revenue, 10000 spent.
  ASSERT_EQ(e.totals_size(), 2);
  EXPECT_EQ(e.totals(1).revenue_minor(), 10000);
  EXPECT_NEAR(e.totals(1).return_on_spend(), 1.0, 1e-12);

  req.set_granularity(av1::GRANULARITY_UNSPECIFIED);
  EXPECT_RPC_ERROR(analytics_->GetChannelEfficiency(Ctx().get(), req, &e),
                   StatusCode::INVALID_ARGUMENT, "granularity");
  req.set_granularity(av1::GRANULARITY_MONTH);
  req.set_last_day("2026-08-01");
  EXPECT_RPC_ERROR(analytics_->GetChannelEfficiency(Ctx().get(), req, &e),
                   StatusCode::INVALID_ARGUMENT, "last_day");
  req.set_last_day("2036-12-31");
  EXPECT_RPC_ERROR(analytics_->GetChannelEfficiency(Ctx().get(), req, &e),
                   StatusCode::INVALID_ARGUMENT, "last_day");
  av1::GetProcessKpisRequest process;
  av1::ProcessKpis k;
  EXPECT_RPC_ERROR(analytics_->GetProcessKpis(Ctx().get(), process, &k),
                   StatusCode::INVALID_ARGUMENT, "period");
}

TEST_F(AnalyticsDiagnosisTest, ContributionRefusesBadInputNamingTheField) {
  auto call = [&](const av1::GetContributionRequest& req) {
    av1::ContributionAnalysis out;
    return analytics_->GetContribution(Ctx().get(), req, &out);
  };
  av1::GetContributionRequest req = Request(av1::CONTRIBUTION_KPI_REVENUE, {});
  req.clear_kpi();
  EXPECT_RPC_ERROR(call(req), StatusCode::INVALID_ARGUMENT, "kpi");
  req = Request(av1::CONTRIBUTION_KPI_REVENUE, {});
  req.clear_period();
  EXPECT_RPC_ERROR(call(req), StatusCode::INVALID_ARGUMENT, "period");
  req = Request(av1::CONTRIBUTION_KPI_REVENUE, {});
  req.set_compare_to(av1::COMPARE_TO_EXPLICIT);
  EXPECT_RPC_ERROR(call(req), StatusCode::INVALID_ARGUMENT, "base");
  req = Request(av1::CONTRIBUTION_KPI_ORDERS,
                {av1::SLICE_DIMENSION_CHANNEL, av1::SLICE_DIMENSION_PRODUCT});
  EXPECT_RPC_ERROR(call(req), StatusCode::INVALID_ARGUMENT, "dimensions[1]");
  req = Request(av1::CONTRIBUTION_KPI_REVENUE, {av1::SLICE_DIMENSION_TIER});
  EXPECT_RPC_ERROR(call(req), StatusCode::INVALID_ARGUMENT, "dimensions[0]");
  req = Request(av1::CONTRIBUTION_KPI_REVENUE,
                {av1::SLICE_DIMENSION_REGION, av1::SLICE_DIMENSION_REGION});
  EXPECT_RPC_ERROR(call(req), StatusCode::INVALID_ARGUMENT, "dimensions[1]");
  req = Request(av1::CONTRIBUTION_KPI_REVENUE, {});
  req.set_limit(-1);
  EXPECT_RPC_ERROR(call(req), StatusCode::INVALID_ARGUMENT, "limit");
  // No orders in either month: the average order value is undefined.
  req = Request(av1::CONTRIBUTION_KPI_AVERAGE_ORDER_VALUE, {});
  av1::ContributionAnalysis out;
  EXPECT_EQ(analytics_->GetContribution(Ctx().get(), req, &out).error_code(),
            StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace sales::testing
