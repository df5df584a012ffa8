// The analytics service end to end over gRPC: orders placed, cancelled and partly returned
// through the orders service, and leads and survey answers through customers, show up in
// the KPIs of the right period and slice; imported history lands in the periods of its own
// times, cut in the business time zone; bad requests name their field.
#include <atomic>
#include <chrono>
#include <map>
#include <thread>
#include <utility>

#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class AnalyticsKpisTest : public AnalyticsTest {
 protected:
  // Ships and delivers `order`, then returns and refunds `units` of its first line.
  void ReturnUnits(const ov1::Order& placed, int64_t units) {
    ov1::Order order;
    ov1::ShipOrderRequest ship;
    ship.set_name(placed.name());
    ship.set_carrier("EMS");
    ship.set_tracking_number("EMS-1");
    ASSERT_TRUE(orders_->ShipOrder(Ctx().get(), ship, &order).ok());
    ov1::DeliverShipmentRequest deliver;
    ASSERT_GT(order.shipments_size(), 0);
    deliver.set_name(order.shipments(0).name());
    ASSERT_TRUE(orders_->DeliverShipment(Ctx().get(), deliver, &order).ok());
    ov1::CreateReturnRequest req;
    ov1::Return* r = req.mutable_order_return();
    r->set_order(order.name());
    r->set_reason("too big");
    ov1::ReturnLine* line = r->add_lines();
    line->set_line_id(1);
    line->set_quantity(units);
    ov1::Return ret;
    grpc::Status status = orders_->CreateReturn(Ctx().get(), req, &ret);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ov1::ReceiveReturnRequest receive;
    receive.set_name(ret.name());
    ASSERT_TRUE(orders_->ReceiveReturn(Ctx().get(), receive, &ret).ok());
    ov1::ResolveReturnRequest resolve;
    resolve.set_name(ret.name());
    resolve.set_disposition(ov1::DISPOSITION_RESTOCK);
    status = orders_->ResolveReturn(Ctx().get(), resolve, &ret);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  ov1::ImportedOrder Historical(const std::string& ref, const std::string& customer,
                                const std::string& product, absl::Time taken, int64_t quantity,
                                ov1::OrderStatus status = ov1::ORDER_STATUS_COMPLETED) {
    ov1::ImportedOrder o;
    o.set_external_ref(ref);
    o.set_customer(customer);
    o.set_channel(ov1::CHANNEL_WEB);
    o.set_region("south");
    ov1::OrderLine* line = o.add_lines();
    line->set_product(product);
    line->set_quantity(quantity);
    line->mutable_unit_price()->set_minor_units(1000);
    line->mutable_unit_cost()->set_minor_units(600);
    o.set_status(status);
    *o.mutable_create_time() = Ts(taken);
    *o.mutable_close_time() = Ts(taken + absl::Hours(48));
    return o;
  }

  // `order` with a return of one unit of its first line, asked a day before `resolved`.
  static ov1::ImportedOrder WithReturn(ov1::ImportedOrder order, absl::Time resolved) {
    ov1::ImportedReturn* r = order.add_returns();
    r->set_reason("too small");
    r->set_disposition(ov1::DISPOSITION_RESTOCK);
    *r->mutable_request_time() = Ts(resolved - absl::Hours(24));
    *r->mutable_resolve_time() = Ts(resolved);
    ov1::ReturnLine* line = r->add_lines();
    line->set_line_id(1);
    line->set_quantity(1);
    return order;
  }

  grpc::Status MoveLead(const std::string& lead, cv1::LeadStage stage) {
    cv1::ChangeLeadStageRequest req;
    req.set_name(lead);
    req.set_stage(stage);
    if (stage == cv1::LEAD_STAGE_LOST) req.set_lost_reason("no budget");
    cv1::Lead out;
    const grpc::Status status = customers_->ChangeLeadStage(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return status;
  }

  absl::Time Shanghai(int y, int m, int d, int hh, int mm) {
    return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), Zone());
  }
};

TEST_F(AnalyticsKpisTest, OrdersAndAPartialReturnShowUpInTodaysFiguresBySlice) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct("A-1", 1000, 400, "tea");
  Receive(product, "WH1", 100);
  const ov1::Order order = PlaceOrder(customer, product, 3);
  PlaceOrder(customer, product, 1);
  ReturnUnits(order, 1);

  const absl::Time returned = absl::Now();
  ASSERT_TRUE(WaitForToday([](const av1::KpiValues& v) { return v.returns() == 1; }))
      << "the return did not reach the KPIs";
  std::cout << "return visible in the KPIs after " << absl::FormatDuration(absl::Now() - returned)
            << "\n";

  const av1::KpiReport today = Kpis(av1::GRANULARITY_DAY, absl::Now());
  const av1::KpiValues& v = today.values();
  EXPECT_EQ(v.orders(), 2);
  EXPECT_EQ(v.units(), 4);
  EXPECT_EQ(v.gross_sales_minor(), 4000);
  EXPECT_EQ(v.net_sales_minor(), 4000);
  EXPECT_EQ(v.refunds_minor(), 1000);  // one unit, no discount, no tax
  EXPECT_EQ(v.revenue_minor(), 3000);
  EXPECT_EQ(v.cost_minor(), 1200);  // 4 units sold, 1 returned, 400 each
  EXPECT_EQ(v.gross_margin_minor(), 1800);
  EXPECT_DOUBLE_EQ(v.gross_margin_ratio(), 0.6);
  EXPECT_EQ(v.average_order_value_minor(), 2000);
  EXPECT_EQ(v.returned_units(), 1);
  EXPECT_DOUBLE_EQ(v.return_rate(), 0.25);
  EXPECT_EQ(v.new_customers(), 1);  // two orders, one new customer
  EXPECT_EQ(today.currency_code(), "CNY");
  EXPECT_EQ(today.period().granularity(), av1::GRANULARITY_DAY);
  EXPECT_EQ(today.period().time_zone(), kZone);
  EXPECT_EQ(today.period().label(), today.period().first_day());
  EXPECT_GT(today.freshness().orders_position(), 0);

  // The same figures by channel and by product; each rep has half of the money.
  const av1::KpiValues web =
      Kpis(av1::GRANULARITY_DAY, absl::Now(), SliceOf(av1::SLICE_DIMENSION_CHANNEL, "CHANNEL_WEB"))
          .values();
  EXPECT_EQ(web.orders(), 0);
  const av1::KpiValues store = Kpis(av1::GRANULARITY_DAY, absl::Now(),
                                    SliceOf(av1::SLICE_DIMENSION_CHANNEL, "CHANNEL_STORE"))
                                   .values();
  EXPECT_EQ(store.revenue_minor(), 3000);
  const av1::KpiValues tea =
      Kpis(av1::GRANULARITY_DAY, absl::Now(), SliceOf(av1::SLICE_DIMENSION_CATEGORY, "tea"))
          .values();
  EXPECT_EQ(tea.units(), 4);
  EXPECT_EQ(tea.returned_units(), 1);
  const av1::KpiValues rep =
      Kpis(av1::GRANULARITY_DAY, absl::Now(), SliceOf(av1::SLICE_DIMENSION_REP, "reps/r-1"))
          .values();
  EXPECT_EQ(rep.orders(), 2);
  EXPECT_EQ(rep.revenue_minor(), 1500);
}

TEST_F(AnalyticsKpisTest, ACancelledOrderLeavesTheFiguresAndItsNewCustomer) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct("C-1", 1000, 400);
  Receive(product, "WH1", 10);
  const ov1::Order order = PlaceOrder(customer, product, 2);
  ov1::CancelOrderRequest cancel;
  cancel.set_name(order.name());
  cancel.set_reason("changed mind");
  ov1::Order cancelled;
  ASSERT_TRUE(orders_->CancelOrder(Ctx().get(), cancel, &cancelled).ok());

  ASSERT_TRUE(WaitForToday([](const av1::KpiValues& v) { return v.cancelled_orders() == 1; }));
  const av1::KpiValues v = Kpis(av1::GRANULARITY_DAY, absl::Now()).values();
  EXPECT_EQ(v.orders(), 0);
  EXPECT_EQ(v.units(), 0);
  EXPECT_EQ(v.revenue_minor(), 0);
  EXPECT_EQ(v.new_customers(), 0);
}

TEST_F(AnalyticsKpisTest, ImportedHistoryLandsInThePeriodsOfItsTimesInTheBusinessZone) {
  const std::string product = NewProduct("H-1", 1000, 600);
  // 23:30 and 00:30 in Shanghai, either side of midnight between two months and quarters
  // (15:30 and 16:30 UTC on 31 March: one UTC day, two business days).
  const absl::Time before_midnight = Shanghai(2025, 3, 31, 23, 30);
  const absl::Time after_midnight = Shanghai(2025, 4, 1, 0, 30);
  ImportOrders(
      {Historical("h-1", "customers/901", product, before_midnight, 1),
       Historical("h-2", "customers/902", product, after_midnight, 2),
       Historical("h-3", "customers/901", product, Shanghai(2024, 3, 10, 12, 0), 4),
       Historical("h-4", "customers/903", product, Shanghai(2025, 3, 5, 9, 0), 8,
                  ov1::ORDER_STATUS_CANCELLED),
       WithReturn(Historical("h-5", "customers/904", product, Shanghai(2025, 5, 20, 9, 0), 3),
                  Shanghai(2025, 6, 2, 10, 0))});
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    return Kpis(av1::GRANULARITY_DAY, after_midnight).values().orders() == 1 &&
           Kpis(av1::GRANULARITY_MONTH, Shanghai(2025, 6, 2, 10, 0)).values().returns() == 1;
  }));
  // An imported return reduces the month it was resolved in, not the order's.
  const av1::KpiValues june = Kpis(av1::GRANULARITY_MONTH, Shanghai(2025, 6, 2, 10, 0)).values();
  EXPECT_EQ(june.returned_units(), 1);
  EXPECT_EQ(june.refunds_minor(), 1000);
  EXPECT_EQ(june.revenue_minor(), -1000);
  EXPECT_EQ(Kpis(av1::GRANULARITY_MONTH, Shanghai(2025, 5, 20, 9, 0)).values().revenue_minor(),
            3000);

  const av1::KpiReport march = Kpis(av1::GRANULARITY_MONTH, before_midnight);
  EXPECT_EQ(march.period().label(), "2025-03");
  EXPECT_EQ(march.period().last_day(), "2025-03-31");
  EXPECT_EQ(march.values().orders(), 1);
  EXPECT_EQ(march.values().units(), 1);
  EXPECT_EQ(march.values().cancelled_orders(), 1);
  // customers/901 bought first in March 2024 (imported after the 2025 order): not new here.
  EXPECT_EQ(march.values().new_customers(), 0);
  EXPECT_EQ(Kpis(av1::GRANULARITY_MONTH, Shanghai(2024, 3, 1, 0, 0)).values().new_customers(), 1);
  // Against March 2024: 1 unit against 4.
  EXPECT_EQ(march.vs_year_before().base().label(), "2024-03");
  EXPECT_EQ(march.vs_year_before().base_values().units(), 4);
  EXPECT_DOUBLE_EQ(march.vs_year_before().units(), -0.75);
  // February had nothing: no growth figure rather than an infinite one.
  EXPECT_EQ(march.vs_previous().base().label(), "2025-02");
  EXPECT_FALSE(march.vs_previous().has_revenue());

  const av1::KpiReport q2 = Kpis(av1::GRANULARITY_QUARTER, after_midnight);
  EXPECT_EQ(q2.period().label(), "2025-Q2");
  EXPECT_EQ(q2.values().units(), 2 + 3);       // h-2 in April, h-5 in May
  EXPECT_EQ(q2.values().new_customers(), 2);   // customers/902 and customers/904
  EXPECT_EQ(q2.values().returned_units(), 1);  // h-5's return, resolved in June
  EXPECT_EQ(Kpis(av1::GRANULARITY_DAY, before_midnight).values().units(), 1);

  // A monthly trend over the first half of 2025, with no gap.
  av1::GetKpiTrendRequest trend_req;
  trend_req.set_granularity(av1::GRANULARITY_MONTH);
  trend_req.set_first_day("2025-01-15");
  trend_req.set_last_day("2025-06-01");
  av1::KpiTrend trend;
  ASSERT_TRUE(analytics_->GetKpiTrend(Ctx().get(), trend_req, &trend).ok());
  ASSERT_EQ(trend.points_size(), 6);
  EXPECT_EQ(trend.points(0).period().label(), "2025-01");
  EXPECT_EQ(trend.points(2).values().units(), 1);
  EXPECT_EQ(trend.points(3).values().units(), 2);
  EXPECT_EQ(trend.points(5).period().label(), "2025-06");

  // A custom range over both days.
  av1::GetKpisRequest custom;
  custom.mutable_period()->set_granularity(av1::GRANULARITY_CUSTOM);
  custom.mutable_period()->set_first_day("2025-03-31");
  custom.mutable_period()->set_last_day("2025-04-01");
  av1::KpiReport both;
  ASSERT_TRUE(analytics_->GetKpis(Ctx().get(), custom, &both).ok());
  EXPECT_EQ(both.period().label(), "2025-03-31..2025-04-01");
  EXPECT_EQ(both.values().units(), 3);
  EXPECT_EQ(both.vs_previous().base().label(), "2025-03-29..2025-03-30");
}

TEST_F(AnalyticsKpisTest, LeadsAndSurveyAnswersMakeConversionCsatAndNps) {
  const std::string customer = NewCustomer();
  for (int i = 0; i < 4; ++i) {
    cv1::CreateLeadRequest req;
    req.mutable_lead()->set_display_name(absl::StrCat("Lead ", i));
    req.mutable_lead()->set_owner_rep("reps/r-1");
    cv1::Lead lead;
    grpc::Status status = customers_->CreateLead(Ctx().get(), req, &lead);
    ASSERT_TRUE(status.ok()) << status.error_message();
    if (i == 0) {  // won, then converted: counted won once
      for (cv1::LeadStage stage :
           {cv1::LEAD_STAGE_QUALIFIED, cv1::LEAD_STAGE_PROPOSAL, cv1::LEAD_STAGE_WON}) {
        ASSERT_TRUE(MoveLead(lead.name(), stage).ok());
      }
      cv1::ConvertLeadRequest convert;
      convert.set_name(lead.name());
      cv1::ConvertLeadResponse converted;
      status = customers_->ConvertLead(Ctx().get(), convert, &converted);
      ASSERT_TRUE(status.ok()) << status.error_message();
    } else if (i == 1) {
      ASSERT_TRUE(MoveLead(lead.name(), cv1::LEAD_STAGE_LOST).ok());
    }
  }
  const std::pair<cv1::SurveyKind, int> answers[] = {
      {cv1::SURVEY_KIND_CSAT, 5}, {cv1::SURVEY_KIND_CSAT, 3}, {cv1::SURVEY_KIND_NPS, 10},
      {cv1::SURVEY_KIND_NPS, 9},  {cv1::SURVEY_KIND_NPS, 7},  {cv1::SURVEY_KIND_NPS, 2}};
  for (const auto& [kind, score] : answers) {
    cv1::CreateSurveyResponseRequest req;
    req.mutable_survey_response()->set_customer(customer);
    req.mutable_survey_response()->set_kind(kind);
    req.mutable_survey_response()->set_score(score);
    cv1::SurveyResponse out;
    const grpc::Status status = customers_->CreateSurveyResponse(Ctx().get(), req, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  ASSERT_TRUE(WaitForToday([](const av1::KpiValues& v) {
    return v.nps_responses() == 4 && v.leads_won() == 1 && v.leads_lost() == 1;
  }));
  const av1::KpiValues v = Kpis(av1::GRANULARITY_DAY, absl::Now()).values();
  EXPECT_EQ(v.leads_created(), 4);
  EXPECT_DOUBLE_EQ(v.lead_conversion(), 0.25);
  EXPECT_EQ(v.csat_responses(), 2);
  EXPECT_DOUBLE_EQ(v.csat(), 0.5);
  EXPECT_DOUBLE_EQ(v.nps(), 25.0);  // 2 promoters, 1 passive, 1 detractor of 4
  const av1::KpiValues rep =
      Kpis(av1::GRANULARITY_DAY, absl::Now(), SliceOf(av1::SLICE_DIMENSION_REP, "reps/r-1"))
          .values();
  EXPECT_EQ(rep.leads_created(), 4);
  EXPECT_EQ(rep.leads_won(), 1);
}

TEST_F(AnalyticsKpisTest, BadRequestsNameTheirField) {
  av1::KpiReport report;
  av1::GetKpisRequest req;
  EXPECT_RPC_ERROR(analytics_->GetKpis(Ctx().get(), req, &report), StatusCode::INVALID_ARGUMENT,
                   "period");
  req.mutable_period()->set_granularity(av1::GRANULARITY_CUSTOM);
  req.mutable_period()->set_first_day("2025-02-30");
  req.mutable_period()->set_last_day("2025-03-01");
  EXPECT_RPC_ERROR(analytics_->GetKpis(Ctx().get(), req, &report), StatusCode::INVALID_ARGUMENT,
                   "period.first_day");
  req.mutable_period()->set_first_day("2025-03-02");
  EXPECT_RPC_ERROR(analytics_->GetKpis(Ctx().get(), req, &report), StatusCode::INVALID_ARGUMENT,
                   "period.last_day");
  req.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
  EXPECT_RPC_ERROR(analytics_->GetKpis(Ctx().get(), req, &report), StatusCode::INVALID_ARGUMENT,
                   "period.first_day");
  req.mutable_period()->clear_first_day();
  req.mutable_period()->clear_last_day();
  req.mutable_slice()->set_member("north");
  EXPECT_RPC_ERROR(analytics_->GetKpis(Ctx().get(), req, &report), StatusCode::INVALID_ARGUMENT,
                   "slice.member");
  req.mutable_slice()->set_dimension(av1::SLICE_DIMENSION_REGION);
  req.mutable_slice()->clear_member();
  EXPECT_RPC_ERROR(analytics_->GetKpis(Ctx().get(), req, &report), StatusCode::INVALID_ARGUMENT,
                   "slice.member");

  av1::KpiTrend trend;
  av1::GetKpiTrendRequest trend_req;
  trend_req.set_granularity(av1::GRANULARITY_CUSTOM);
  trend_req.set_first_day("2025-01-01");
  trend_req.set_last_day("2025-01-31");
  EXPECT_RPC_ERROR(analytics_->GetKpiTrend(Ctx().get(), trend_req, &trend),
                   StatusCode::INVALID_ARGUMENT, "granularity");
  trend_req.set_granularity(av1::GRANULARITY_DAY);
  trend_req.set_last_day("2028-01-01");  // more than 1000 days
  EXPECT_RPC_ERROR(analytics_->GetKpiTrend(Ctx().get(), trend_req, &trend),
                   StatusCode::INVALID_ARGUMENT, "last_day");
  trend_req.set_last_day("2024-12-31");
  EXPECT_RPC_ERROR(analytics_->GetKpiTrend(Ctx().get(), trend_req, &trend),
                   StatusCode::INVALID_ARGUMENT, "last_day");
}

TEST_F(AnalyticsKpisTest, RecordedInputsMakeAcquisitionCostMarketShareAndVisitorConversion) {
  const std::string today = absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), Zone()));
  av1::RecordMarketingSpendRequest spend;
  spend.set_channel("CHANNEL_STORE");
  spend.set_first_day(today);
  spend.set_last_day(today);
  spend.mutable_amount()->set_currency_code("CNY");
  spend.mutable_amount()->set_minor_units(300001);
  spend.set_request_id("spend-1");
  av1::RecordedInput recorded;
  ASSERT_TRUE(analytics_->RecordMarketingSpend(Ctx().get(), spend, &recorded).ok());
  EXPECT_EQ(recorded.kind(), "marketing_spend");
  EXPECT_EQ(recorded.amount(), 300001);
  // A retry answers the same and changes nothing; the same id for another request is refused.
  ASSERT_TRUE(analytics_->RecordMarketingSpend(Ctx().get(), spend, &recorded).ok());
  spend.mutable_amount()->set_minor_units(5);
  EXPECT_RPC_ERROR(analytics_->RecordMarketingSpend(Ctx().get(), spend, &recorded),
                   StatusCode::INVALID_ARGUMENT, "request_id");
  av1::RecordMarketSizeRequest market;
  market.set_region("north");
  market.set_first_day(today);
  market.set_last_day(today);
  market.mutable_amount()->set_currency_code("CNY");
  market.mutable_amount()->set_minor_units(100000);
  ASSERT_TRUE(analytics_->RecordMarketSize(Ctx().get(), market, &recorded).ok());
  av1::RecordSiteVisitsRequest visits;
  visits.set_channel("CHANNEL_STORE");
  visits.set_first_day(today);
  visits.set_last_day(today);
  visits.set_visits(8);
  ASSERT_TRUE(analytics_->RecordSiteVisits(Ctx().get(), visits, &recorded).ok());

  const std::string product = NewProduct("I-1", 1000, 400);
  Receive(product, "WH1", 10);
  PlaceOrder(NewCustomer(), product, 1);
  PlaceOrder(NewCustomer(), product, 1);
  ASSERT_TRUE(WaitForToday([](const av1::KpiValues& v) { return v.new_customers() == 2; }));
  const av1::KpiValues store = Kpis(av1::GRANULARITY_DAY, absl::Now(),
                                    SliceOf(av1::SLICE_DIMENSION_CHANNEL, "CHANNEL_STORE"))
                                   .values();
  EXPECT_EQ(store.marketing_spend_minor(), 300001);
  EXPECT_EQ(store.acquisition_cost_minor(), 150001);  // 3000.01 / 2 = 1500.005, half away
  EXPECT_EQ(store.site_visits(), 8);
  EXPECT_DOUBLE_EQ(store.visitor_conversion(), 0.25);  // 2 orders / 8 visits
  EXPECT_FALSE(store.has_market_share());              // market size is kept by region
  const av1::KpiValues north =
      Kpis(av1::GRANULARITY_DAY, absl::Now(), SliceOf(av1::SLICE_DIMENSION_REGION, "north"))
          .values();
  EXPECT_DOUBLE_EQ(north.market_share(), 0.02);  // 2000 of 100000
  const av1::KpiValues all = Kpis(av1::GRANULARITY_DAY, absl::Now()).values();
  EXPECT_EQ(all.marketing_spend_minor(), 300001);
  EXPECT_EQ(all.market_size_minor(), 100000);

  // Spread over a range: a month of 31 days, the first days taking the units left over.
  spend.set_request_id("");
  spend.set_first_day("2025-01-01");
  spend.set_last_day("2025-01-31");
  spend.mutable_amount()->set_minor_units(3100 + 7);
  ASSERT_TRUE(analytics_->RecordMarketingSpend(Ctx().get(), spend, &recorded).ok());
  av1::GetKpisRequest jan;
  jan.mutable_period()->set_granularity(av1::GRANULARITY_CUSTOM);
  jan.mutable_period()->set_first_day("2025-01-01");
  jan.mutable_period()->set_last_day("2025-01-07");
  av1::KpiReport week;
  ASSERT_TRUE(analytics_->GetKpis(Ctx().get(), jan, &week).ok());
  EXPECT_EQ(week.values().marketing_spend_minor(), 7 * 101);
  // A range longer than a year overlaps its year before: January 2025 is in both, and
  // counts in each; the 427 days before hold none of it.
  av1::GetKpisRequest long_range;
  long_range.mutable_period()->set_granularity(av1::GRANULARITY_CUSTOM);
  long_range.mutable_period()->set_first_day("2024-12-01");
  long_range.mutable_period()->set_last_day("2026-01-31");
  av1::KpiReport longer;
  ASSERT_TRUE(analytics_->GetKpis(Ctx().get(), long_range, &longer).ok());
  EXPECT_EQ(longer.values().marketing_spend_minor(), 3107);
  EXPECT_EQ(longer.vs_year_before().base().first_day(), "2023-12-01");
  EXPECT_EQ(longer.vs_year_before().base_values().marketing_spend_minor(), 3107);
  EXPECT_EQ(longer.vs_previous().base().last_day(), "2024-11-30");
  EXPECT_EQ(longer.vs_previous().base_values().marketing_spend_minor(), 0);

  spend.set_channel("TV");
  EXPECT_RPC_ERROR(analytics_->RecordMarketingSpend(Ctx().get(), spend, &recorded),
                   StatusCode::INVALID_ARGUMENT, "channel");
  spend.set_channel("CHANNEL_WEB");
  spend.mutable_amount()->set_currency_code("USD");
  EXPECT_RPC_ERROR(analytics_->RecordMarketingSpend(Ctx().get(), spend, &recorded),
                   StatusCode::INVALID_ARGUMENT, "amount.currency_code");
}

TEST_F(AnalyticsKpisTest, WatchKpisStreamsTheFiguresEachTimeEventsChangeThem) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct("W-1", 1000, 400);
  Receive(product, "WH1", 100);
  auto ctx = CallCtx(std::chrono::seconds(60));
  av1::WatchKpisRequest req;
  req.mutable_period()->set_granularity(av1::GRANULARITY_DAY);
  auto reader = analytics_->WatchKpis(ctx.get(), req);
  av1::KpiReport report;
  ASSERT_TRUE(reader->Read(&report)) << "no first report";
  EXPECT_EQ(report.values().orders(), 0);
  EXPECT_EQ(report.period().granularity(), av1::GRANULARITY_DAY);

  // Each order placed shows up as a new report with the new figures; reports whose
  // figures did not change are not sent, so every report read differs from the one before.
  int64_t last_orders = 0;
  for (int i = 1; i <= 3; ++i) {
    PlaceOrder(customer, product, i);
    while (last_orders < i) {
      ASSERT_TRUE(reader->Read(&report)) << "the stream ended before order " << i;
      EXPECT_GT(report.values().orders(), last_orders);
      last_orders = report.values().orders();
    }
    EXPECT_EQ(report.values().orders(), i);
  }
  EXPECT_EQ(report.values().units(), 6);
  EXPECT_FALSE(report.values().has_active_customers()) << "customer figures were not asked for";
  ctx->TryCancel();
  reader->Finish();

  // With customer_activity, the customer figures are streamed too: a second customer's first
  // order makes a report with two active customers, one of them repeat.
  auto activity_ctx = CallCtx(std::chrono::seconds(60));
  req.set_customer_activity(true);
  auto activity = analytics_->WatchKpis(activity_ctx.get(), req);
  ASSERT_TRUE(activity->Read(&report)) << "no first report";
  EXPECT_EQ(report.values().active_customers(), 1);
  EXPECT_EQ(report.values().repeat_customers(), 1);
  PlaceOrder(NewCustomer(), product, 1);
  while (report.values().active_customers() < 2) {
    ASSERT_TRUE(activity->Read(&report)) << "the stream ended before the second customer";
  }
  EXPECT_EQ(report.values().active_customers(), 2);
  EXPECT_EQ(report.values().repeat_customers(), 1);
  EXPECT_EQ(report.values().orders(), 4);
  activity_ctx->TryCancel();
  activity->Finish();

  // A bad request is refused at the opening, naming the field.
  auto bad_ctx = CallCtx(std::chrono::seconds(10));
  av1::WatchKpisRequest bad;
  auto bad_reader = analytics_->WatchKpis(bad_ctx.get(), bad);
  EXPECT_FALSE(bad_reader->Read(&report));
  EXPECT_RPC_ERROR(bad_reader->Finish(), StatusCode::INVALID_ARGUMENT, "period");
}

TEST_F(AnalyticsKpisTest, AKilledAnalyticsServerResumesWithoutLossOrDoubleCounting) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct("K-1", 1000, 400);
  Receive(product, "WH1", 100);
  for (int i = 0; i < 5; ++i) PlaceOrder(customer, product, 1);
  ASSERT_TRUE(WaitForToday([](const av1::KpiValues& v) { return v.orders() == 5; }));
  analytics_server_->Signal(SIGKILL);
  ASSERT_NE(analytics_server_->WaitForExit(absl::Seconds(10)), -1);
  for (int i = 0; i < 5; ++i) PlaceOrder(customer, product, 2);
  StartAnalytics();
  ASSERT_TRUE(WaitForToday([](const av1::KpiValues& v) { return v.orders() == 10; }));
  const av1::KpiValues v = Kpis(av1::GRANULARITY_DAY, absl::Now()).values();
  EXPECT_EQ(v.units(), 15);
  EXPECT_EQ(v.net_sales_minor(), 15000);
  EXPECT_EQ(v.new_customers(), 1);
}

// An answer's figures are those of the feed position it states, read in one committed state:
// while orders arrive, two answers at the same position show the same figures, and a later
// position never shows fewer orders. A rollup slice is answered by one statement.
TEST_F(AnalyticsKpisTest, AnAnswersFiguresAreThoseOfItsFeedPositionWhileOrdersArrive) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct("A-1", 1000, 400, "tea");
  Receive(product, "WH1", 1000);
  constexpr int kOrders = 40;
  std::atomic<bool> placed{false};
  std::thread placer([&] {
    for (int i = 0; i < kOrders; ++i) PlaceOrder(customer, product, 1);
    placed = true;
  });
  // Position -> (orders, revenue) of the year's answers at it.
  std::map<int64_t, std::pair<int64_t, int64_t>> seen;
  int answers = 0;
  const auto record = [&] {
    const av1::KpiReport r = Kpis(av1::GRANULARITY_YEAR, absl::Now());
    const std::pair<int64_t, int64_t> figures = {r.values().orders(), r.values().revenue_minor()};
    const auto [at, first] = seen.emplace(r.freshness().orders_position(), figures);
    if (!first) {
      EXPECT_EQ(at->second, figures) << "two answers at position " << at->first << " differ";
    }
    ++answers;
    return figures.first == kOrders;
  };
  while (!placed) record();
  placer.join();
  ASSERT_TRUE(WaitFor(absl::Seconds(10), record)) << "the orders did not all reach the KPIs";
  std::cout << answers << " answers at " << seen.size() << " feed positions\n";
  EXPECT_GE(seen.size(), 3u) << "the position did not move while answering";
  int64_t orders_before = 0;
  for (const auto& [position, figures] : seen) {
    EXPECT_GE(figures.first, orders_before) << "fewer orders at the later position " << position;
    EXPECT_EQ(figures.second, figures.first * 1000) << "at position " << position;
    orders_before = figures.first;
  }
}

}  // namespace
}  // namespace sales::testing
