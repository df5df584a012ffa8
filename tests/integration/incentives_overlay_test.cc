// Overlay credit through the orders feed (issue 10), end to end over gRPC: customers,
// orders, analytics and incentives servers, each on its own schema. An order credits two
// reps 60/40 as revenue credit and a manager 100% as overlay credit on top; the manager's
// attainment and statement include the overlay, the team and company totals do not; a
// partial return reverses the overlay too (clawback pointing to the original credit); and
// analytics' rep slice counts revenue credit only. Orders refuses bad credit splits naming
// the field. Every figure below is computed by hand in the comments.
#include "tests/harness/query_int.h"
#include "tests/harness/rpc_error.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/analytics_fixture.h"
#include "tests/integration/incentives_orders_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class IncentivesOverlayTest : public IncentivesOrdersFixture<AnalyticsTest> {
 protected:
  // 5% of revenue, and 50.00 at 50% of the month's revenue target; published from this
  // month, assigned to `team` since 2020.
  void PublishEastPlan(const std::string& team) {
    iv1::PlanVersion v = RevenueTerms();
    AddFlatCommission(v, "commission", 50000);
    AddBonus(v, "half-way", iv1::BONUS_FREQUENCY_MONTHLY, 5000, 5000);
    PublishPlanFromThisMonth(v, {team}, "East");
  }

  // This month's figures of analytics' rep slice for `rep`.
  av1::KpiValues RepMonth(const std::string& rep) {
    return Kpis(av1::GRANULARITY_MONTH, absl::Now(), SliceOf(av1::SLICE_DIMENSION_REP, rep))
        .values();
  }
};

TEST_F(IncentivesOverlayTest, AnOverlayCreditCountsForTheManagerOnlyAndIsClawedBackToo) {
  const std::string east = NewTeam("East");
  // The manager is in the team too: the team total must still leave the overlay out.
  for (const char* id : {"li", "zhang", "wang"}) NewRep(id, id, east);
  RevenueTarget("reps/li", 50000);    // 500.00
  RevenueTarget("reps/wang", 40000);  // 400.00
  RevenueTarget(east, 100000);        // 1,000.00
  RevenueTarget("company", 100000);   // 1,000.00
  PublishEastPlan(east);
  if (HasFailure()) return;

  // 3 units at 100.00 (cost 60.00): net 300.00, margin 120.00, 3 units. Revenue credit Li
  // 60%, Zhang 40%; Wang (the manager) 100% overlay on top.
  //   Li 180.00 / 72.00 / 1.8 -> 2 units (the larger remainder); Zhang 120.00 / 48.00 / 1;
  //   Wang 300.00 / 120.00 / 3.
  const ov1::Order order = CompletedOrder(StockedProduct("O-1", 10000, 6000), 3,
                                          {{"reps/li", 6000, ov1::SALES_CREDIT_KIND_REVENUE},
                                           {"reps/zhang", 4000},  // unset: revenue
                                           {"reps/wang", 10000, ov1::SALES_CREDIT_KIND_OVERLAY}});
  // Orders keeps the kinds and names them on output (an unset kind reads as revenue).
  ASSERT_EQ(order.sales_credits_size(), 3);
  for (const ov1::SalesCredit& c : order.sales_credits()) {
    EXPECT_EQ(c.kind(), c.rep() == "reps/wang" ? ov1::SALES_CREDIT_KIND_OVERLAY
                                               : ov1::SALES_CREDIT_KIND_REVENUE)
        << c.ShortDebugString();
  }
  // One unit comes back: 100.00 / 40.00 / 1 unit, split the same way: Li -60.00 / -24.00 /
  // -1 (0.6 unit, the larger remainder), Zhang -40.00 / -16.00 / 0, Wang -100.00 / -40.00 /
  // -1.
  const std::string ret = ReturnUnits(order.name(), 1);
  WaitForCredits(6);
  if (HasFatalFailure()) return;

  const std::vector<iv1::Credit> wang = CreditsOf("reps/wang");
  ASSERT_EQ(wang.size(), 2u);
  EXPECT_EQ(wang[0].kind(), iv1::CREDIT_KIND_OVERLAY);
  EXPECT_EQ(wang[0].share_bp(), 10000);
  EXPECT_EQ(wang[0].order(), order.name());
  EXPECT_EQ(wang[0].revenue(), 30000);
  EXPECT_EQ(wang[0].gross_margin(), 12000);
  EXPECT_EQ(wang[0].units(), 3);
  EXPECT_EQ(wang[1].kind(), iv1::CREDIT_KIND_OVERLAY);
  EXPECT_EQ(wang[1].reverses(), wang[0].name());
  EXPECT_EQ(wang[1].cause(), ret);
  EXPECT_EQ(wang[1].revenue(), -10000);
  EXPECT_EQ(wang[1].gross_margin(), -4000);
  EXPECT_EQ(wang[1].units(), -1);
  const std::vector<iv1::Credit> li = CreditsOf("reps/li");
  ASSERT_EQ(li.size(), 2u);
  EXPECT_EQ(li[0].kind(), iv1::CREDIT_KIND_REVENUE);
  EXPECT_EQ(li[0].revenue(), 18000);
  EXPECT_EQ(li[1].revenue(), -6000);
  EXPECT_EQ(li[1].reverses(), li[0].name());

  // Totals: Wang 300.00 - 100.00 = 200.00 of his own; East and the company only the revenue
  // credit, Li 120.00 + Zhang 80.00 = 200.00 (not 400.00).
  EXPECT_EQ(Totals("reps/wang").revenue(), 20000);
  EXPECT_EQ(Totals("reps/li").revenue(), 12000);
  EXPECT_EQ(Totals("reps/zhang").revenue(), 8000);
  EXPECT_EQ(Totals(east).revenue(), 20000);
  EXPECT_EQ(Totals(east).gross_margin(), 8000);
  EXPECT_EQ(Totals(east).units(), 2);
  EXPECT_EQ(Totals("company").revenue(), 20000);

  // Attainment: Wang 200.00 of 400.00 = 5000 bp; East 200.00 of 1,000.00 = 2000 bp; the
  // company the same.
  const iv1::Attainment wang_attainment = Attainment("reps/wang");
  EXPECT_EQ(wang_attainment.actual(), 20000);
  EXPECT_EQ(wang_attainment.attainment_bp(), 5000);
  EXPECT_EQ(Attainment(east).actual(), 20000);
  EXPECT_EQ(Attainment(east).attainment_bp(), 2000);
  EXPECT_EQ(Attainment("company").actual(), 20000);

  // Statements (5% of revenue; 50.00 at 50% of target):
  //   Wang: 5% of 200.00 = 10.00; 5000 bp reaches 50%: 50.00; total 60.00.
  //   Li: 5% of 120.00 = 6.00; 120.00 of 500.00 = 24%: no bonus; total 6.00.
  //   Zhang: 5% of 80.00 = 4.00; no target: no bonus; total 4.00.
  const iv1::Statement wang_statement = Statement("reps/wang");
  EXPECT_EQ(wang_statement.achieved(), 20000);
  EXPECT_EQ(wang_statement.attainment_bp(), 5000);
  EXPECT_EQ(Amounts(wang_statement), (std::vector<int64_t>{1000, 5000}));
  EXPECT_EQ(wang_statement.total(), 6000);
  ASSERT_GE(wang_statement.lines_size(), 1);
  EXPECT_EQ(wang_statement.lines(0).credits_size(), 2);  // the overlay credit and its reversal
  EXPECT_EQ(Amounts(Statement("reps/li")), std::vector<int64_t>{600});
  EXPECT_EQ(Statement("reps/zhang").total(), 400);

  // Analytics: the rep slice counts revenue credit only, so the reps add up to the company:
  // revenue 300.00 - 100.00 refunded = 200.00 = Li 120.00 + Zhang 80.00; Wang none.
  ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] {
    const av1::KpiValues company = Kpis(av1::GRANULARITY_MONTH, absl::Now()).values();
    return company.orders() == 1 && company.returns() == 1;
  })) << Kpis(av1::GRANULARITY_MONTH, absl::Now()).values().ShortDebugString();
  EXPECT_EQ(Kpis(av1::GRANULARITY_MONTH, absl::Now()).values().revenue_minor(), 20000);
  const av1::KpiValues li_kpis = RepMonth("reps/li");
  EXPECT_EQ(li_kpis.revenue_minor(), 12000);
  EXPECT_EQ(li_kpis.orders(), 1);
  EXPECT_EQ(RepMonth("reps/zhang").revenue_minor(), 8000);
  const av1::KpiValues wang_kpis = RepMonth("reps/wang");
  EXPECT_EQ(wang_kpis.revenue_minor(), 0);
  EXPECT_EQ(wang_kpis.orders(), 0);
  EXPECT_EQ(wang_kpis.returns(), 0);
}

TEST_F(IncentivesOverlayTest, OrdersRefusesBadCreditSplitsNamingTheField) {
  const std::string product = StockedProduct("V-1", 10000, 6000);
  constexpr ov1::SalesCreditKind kOverlay = ov1::SALES_CREDIT_KIND_OVERLAY;
  ov1::Order order;
  // An overlay share of 0.
  EXPECT_RPC_ERROR(
      orders_->CreateOrder(
          Ctx().get(),
          OrderRequest(product, 1, {{"reps/a", 6000}, {"reps/b", 4000}, {"reps/m", 0, kOverlay}}),
          &order),
      StatusCode::INVALID_ARGUMENT, "order.sales_credits[2].revenue_share_bp");
  // Above 10000.
  EXPECT_RPC_ERROR(
      orders_->CreateOrder(
          Ctx().get(), OrderRequest(product, 1, {{"reps/a", 10000}, {"reps/m", 10001, kOverlay}}),
          &order),
      StatusCode::INVALID_ARGUMENT, "order.sales_credits[1].revenue_share_bp");
  // The overlay does not make up missing revenue credit.
  EXPECT_RPC_ERROR(
      orders_->CreateOrder(Ctx().get(),
                           OrderRequest(product, 1, {{"reps/a", 6000}, {"reps/m", 4000, kOverlay}}),
                           &order),
      StatusCode::INVALID_ARGUMENT, "order.sales_credits");
  // A rep holds one kind of credit per order.
  EXPECT_RPC_ERROR(
      orders_->CreateOrder(
          Ctx().get(), OrderRequest(product, 1, {{"reps/a", 10000}, {"reps/a", 5000, kOverlay}}),
          &order),
      StatusCode::INVALID_ARGUMENT, "order.sales_credits[1].rep");
  // A kind orders does not know.
  EXPECT_RPC_ERROR(
      orders_->CreateOrder(
          Ctx().get(),
          OrderRequest(product, 1,
                       {{"reps/a", 10000}, {"reps/m", 5000, static_cast<ov1::SalesCreditKind>(7)}}),
          &order),
      StatusCode::INVALID_ARGUMENT, "order.sales_credits[1].kind");
  EXPECT_EQ(QueryInt(OrdersDb(), "SELECT COUNT(*) FROM orders"), 0);

  // Accepted: revenue 10000 and two overlays on top; read back with their kinds.
  const grpc::Status status = orders_->CreateOrder(
      Ctx().get(),
      OrderRequest(product, 1,
                   {{"reps/a", 10000}, {"reps/m", 10000, kOverlay}, {"reps/s", 2500, kOverlay}}),
      &order);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ov1::GetOrderRequest get;
  get.set_name(order.name());
  ov1::Order read;
  ASSERT_TRUE(orders_->GetOrder(Ctx().get(), get, &read).ok());
  ASSERT_EQ(read.sales_credits_size(), 3);
  EXPECT_EQ(read.sales_credits(0).rep(), "reps/a");
  EXPECT_EQ(read.sales_credits(0).kind(), ov1::SALES_CREDIT_KIND_REVENUE);
  EXPECT_EQ(read.sales_credits(1).rep(), "reps/m");
  EXPECT_EQ(read.sales_credits(1).kind(), kOverlay);
  EXPECT_EQ(read.sales_credits(2).rep(), "reps/s");
  EXPECT_EQ(read.sales_credits(2).revenue_share_bp(), 2500);
  EXPECT_EQ(read.sales_credits(2).kind(), kOverlay);
  EXPECT_EQ(QueryInt(OrdersDb(), "SELECT COUNT(*) FROM order_credits WHERE kind = 2"), 2);
}

}  // namespace
}  // namespace sales::testing
