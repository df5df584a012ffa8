// Overlay credit through the orders feed (issue 10), end to end over gRPC: customers,
// orders, analytics and incentives servers, each on its own schema. An order credits two
// reps 60/40 as revenue credit and a manager 100% as overlay credit on top; the manager's
// attainment and statement include the overlay, the team and company totals do not; a
// partial return reverses the overlay too (clawback pointing to the original credit); and
// analytics' rep slice counts revenue credit only. Orders refuses bad credit splits naming
// the field. Every figure below is computed by hand in the comments.
#include "absl/time/clock.h"
#include "sales/incentives/v1/incentives_service.grpc.pb.h"
#include "tests/harness/query_int.h"
#include "tests/harness/rpc_error.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

namespace iv1 = ::sales::incentives::v1;
using grpc::StatusCode;

struct Share {
  std::string rep;
  int bp = 0;
  ov1::SalesCreditKind kind = ov1::SALES_CREDIT_KIND_UNSPECIFIED;
};

class IncentivesOverlayTest : public AnalyticsTest {
 protected:
  void SetUp() override {
    AnalyticsTest::SetUp();
    if (HasFatalFailure()) return;
    incentives_schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    incentives_server_ =
        ServiceProcess::Start(SALES_INCENTIVES_BINARY, incentives_schema_->db_config(),
                              {"--orders_address=" + orders_server_->address(),
                               absl::StrCat("--business_time_zone=", kZone), "--currency=CNY"});
    ASSERT_NE(incentives_server_, nullptr) << "incentives server did not become SERVING";
    incentives_ = iv1::IncentivesService::NewStub(incentives_server_->channel());
    const absl::CivilMonth month(absl::ToCivilDay(absl::Now(), Zone()));
    period_ = absl::FormatCivilTime(month).substr(0, 7);
    customer_ = NewCustomer();
  }

  void TearDown() override {
    incentives_db_.reset();
    incentives_.reset();
    incentives_server_.reset();
    incentives_schema_.reset();
    AnalyticsTest::TearDown();
  }

  db::ConnectionPool& IncentivesDb() {
    if (!incentives_db_) {
      incentives_db_ = std::make_unique<db::ConnectionPool>(incentives_schema_->db_config());
    }
    return *incentives_db_;
  }

  // A CreateOrder request of `quantity` units of `product`, credited by `shares`.
  ov1::CreateOrderRequest OrderRequest(const std::string& product, int64_t quantity,
                                       const std::vector<Share>& shares) {
    ov1::CreateOrderRequest req;
    ov1::Order* o = req.mutable_order();
    o->set_customer(customer_);
    o->set_channel(ov1::CHANNEL_STORE);
    o->set_region("north");
    o->set_warehouse("WH1");
    for (const Share& s : shares) {
      ov1::SalesCredit* credit = o->add_sales_credits();
      credit->set_rep(s.rep);
      credit->set_revenue_share_bp(s.bp);
      credit->set_kind(s.kind);
    }
    ov1::OrderLine* line = o->add_lines();
    line->set_product(product);
    line->set_quantity(quantity);
    return req;
  }

  // A completed order of `quantity` units of a new product (no tax, no discount).
  ov1::Order CompletedOrder(const std::string& sku, int64_t quantity, int64_t price, int64_t cost,
                            const std::vector<Share>& shares) {
    const std::string product = NewProduct(sku, price, cost);
    Receive(product, "WH1", 100);
    ov1::Order order;
    grpc::Status status =
        orders_->CreateOrder(Ctx().get(), OrderRequest(product, quantity, shares), &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ov1::ConfirmOrderRequest confirm;
    confirm.set_name(order.name());
    EXPECT_TRUE(orders_->ConfirmOrder(Ctx().get(), confirm, &order).ok());
    ov1::ShipOrderRequest ship;
    ship.set_name(order.name());
    ship.set_carrier("EMS");
    ship.set_tracking_number("EMS-" + sku);
    EXPECT_TRUE(orders_->ShipOrder(Ctx().get(), ship, &order).ok());
    ov1::DeliverShipmentRequest deliver;
    if (order.shipments_size() > 0) deliver.set_name(order.shipments(0).name());
    EXPECT_TRUE(orders_->DeliverShipment(Ctx().get(), deliver, &order).ok());
    ov1::CompleteOrderRequest complete;
    complete.set_name(order.name());
    status = orders_->CompleteOrder(Ctx().get(), complete, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return order;
  }

  // Returns `units` of line 1 of `order` and resolves it with a refund.
  std::string ReturnUnits(const std::string& order, int64_t units) {
    ov1::CreateReturnRequest req;
    ov1::Return* r = req.mutable_order_return();
    r->set_order(order);
    r->set_reason("changed mind");
    ov1::ReturnLine* line = r->add_lines();
    line->set_line_id(1);
    line->set_quantity(units);
    ov1::Return ret;
    EXPECT_TRUE(orders_->CreateReturn(Ctx().get(), req, &ret).ok());
    ov1::ReceiveReturnRequest receive;
    receive.set_name(ret.name());
    EXPECT_TRUE(orders_->ReceiveReturn(Ctx().get(), receive, &ret).ok());
    ov1::ResolveReturnRequest resolve;
    resolve.set_name(ret.name());
    resolve.set_disposition(ov1::DISPOSITION_RESTOCK);
    const grpc::Status status = orders_->ResolveReturn(Ctx().get(), resolve, &ret);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return ret.name();
  }

  void NewRep(const std::string& id, const std::string& team) {
    iv1::CreateRepRequest rep;
    rep.mutable_rep()->set_name("reps/" + id);
    rep.mutable_rep()->set_display_name(id);
    rep.set_team(team);
    rep.set_effective_day("2020-01-01");
    iv1::Rep out;
    const grpc::Status status = incentives_->CreateRep(Ctx().get(), rep, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  void RevenueTarget(const std::string& owner, int64_t amount) {
    iv1::CreateTargetRequest req;
    iv1::Target* t = req.mutable_target();
    t->set_metric(iv1::METRIC_REVENUE);
    t->set_period(period_);
    t->set_owner(owner);
    t->set_amount(amount);
    t->mutable_deadline()->set_seconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(24 * 40)));
    iv1::Target out;
    const grpc::Status status = incentives_->CreateTarget(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  // 5% of revenue, and 50.00 at 50% of the month's revenue target; published from this
  // month, assigned to `team` since 2020.
  void PublishPlan(const std::string& team) {
    iv1::CreatePlanRequest plan_req;
    plan_req.mutable_plan()->set_display_name("East");
    iv1::Plan plan;
    ASSERT_TRUE(incentives_->CreatePlan(Ctx().get(), plan_req, &plan).ok());
    iv1::CreatePlanVersionRequest version_req;
    version_req.set_parent(plan.name());
    iv1::PlanVersion* v = version_req.mutable_version();
    v->set_attainment_basis(iv1::BASIS_REVENUE);
    v->set_clawback_policy(iv1::CLAWBACK_POLICY_ATTAINMENT_AND_BASE);
    v->set_reversal_period(iv1::REVERSAL_PERIOD_RETURN);
    iv1::Component* commission = v->add_components();
    commission->set_id("commission");
    commission->mutable_commission()->set_basis(iv1::BASIS_REVENUE);
    commission->mutable_commission()->set_rate_ppm(50000);
    iv1::Component* bonus = v->add_components();
    bonus->set_id("half-way");
    bonus->mutable_bonus()->set_frequency(iv1::BONUS_FREQUENCY_MONTHLY);
    iv1::BonusThreshold* threshold = bonus->mutable_bonus()->add_thresholds();
    threshold->set_attainment_bp(5000);
    threshold->set_amount(5000);
    iv1::PlanVersion created;
    grpc::Status status = incentives_->CreatePlanVersion(Ctx().get(), version_req, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
    iv1::PublishPlanVersionRequest publish;
    publish.set_name(created.name());
    publish.set_effective_month(period_);
    status = incentives_->PublishPlanVersion(Ctx().get(), publish, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
    iv1::CreatePlanAssignmentRequest assign;
    assign.mutable_assignment()->set_plan(plan.name());
    assign.mutable_assignment()->set_assignee(team);
    assign.mutable_assignment()->set_first_day("2020-01-01");
    iv1::PlanAssignment assignment;
    status = incentives_->CreatePlanAssignment(Ctx().get(), assign, &assignment);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  std::vector<iv1::Credit> CreditsOf(const std::string& rep) {
    iv1::ListCreditsRequest req;
    req.set_period(period_);
    req.set_rep(rep);
    iv1::ListCreditsResponse resp;
    const grpc::Status status = incentives_->ListCredits(Ctx().get(), req, &resp);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {resp.credits().begin(), resp.credits().end()};
  }

  iv1::CreditTotals Totals(const std::string& owner) {
    iv1::GetCreditTotalsRequest req;
    req.set_owner(owner);
    req.set_period(period_);
    iv1::CreditTotals out;
    const grpc::Status status = incentives_->GetCreditTotals(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  iv1::Attainment Attainment(const std::string& owner) {
    iv1::GetAttainmentRequest req;
    req.set_owner(owner);
    req.set_period(period_);
    req.set_metric(iv1::METRIC_REVENUE);
    iv1::Attainment out;
    const grpc::Status status = incentives_->GetAttainment(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  iv1::Statement Statement(const std::string& rep) {
    iv1::GetStatementRequest req;
    req.set_rep(rep);
    req.set_period(period_);
    iv1::Statement out;
    const grpc::Status status = incentives_->GetStatement(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static std::vector<int64_t> Amounts(const iv1::Statement& s) {
    std::vector<int64_t> out;
    for (const iv1::StatementLine& l : s.lines()) out.push_back(l.amount());
    return out;
  }

  // This month's figures of analytics' rep slice for `rep`.
  av1::KpiValues RepMonth(const std::string& rep) {
    return Kpis(av1::GRANULARITY_MONTH, absl::Now(), SliceOf(av1::SLICE_DIMENSION_REP, rep))
        .values();
  }

  std::string customer_;
  std::string period_;
  std::unique_ptr<TestSchema> incentives_schema_;
  std::unique_ptr<ServiceProcess> incentives_server_;
  std::unique_ptr<iv1::IncentivesService::Stub> incentives_;
  std::unique_ptr<db::ConnectionPool> incentives_db_;
};

TEST_F(IncentivesOverlayTest, AnOverlayCreditCountsForTheManagerOnlyAndIsClawedBackToo) {
  iv1::CreateTeamRequest team_req;
  team_req.mutable_team()->set_display_name("East");
  iv1::Team east;
  ASSERT_TRUE(incentives_->CreateTeam(Ctx().get(), team_req, &east).ok());
  // The manager is in the team too: the team total must still leave the overlay out.
  for (const char* id : {"li", "zhang", "wang"}) NewRep(id, east.name());
  RevenueTarget("reps/li", 50000);     // 500.00
  RevenueTarget("reps/wang", 40000);   // 400.00
  RevenueTarget(east.name(), 100000);  // 1,000.00
  RevenueTarget("company", 100000);    // 1,000.00
  PublishPlan(east.name());
  if (HasFatalFailure()) return;

  // 3 units at 100.00 (cost 60.00): net 300.00, margin 120.00, 3 units. Revenue credit Li
  // 60%, Zhang 40%; Wang (the manager) 100% overlay on top.
  //   Li 180.00 / 72.00 / 1.8 -> 2 units (the larger remainder); Zhang 120.00 / 48.00 / 1;
  //   Wang 300.00 / 120.00 / 3.
  const ov1::Order order = CompletedOrder("O-1", 3, 10000, 6000,
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
  ASSERT_TRUE(
      WaitFor(absl::Seconds(20),
              [&] { return QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM credits") == 6; }))
      << "credits: " << QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM credits");

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
  EXPECT_EQ(Totals(east.name()).revenue(), 20000);
  EXPECT_EQ(Totals(east.name()).gross_margin(), 8000);
  EXPECT_EQ(Totals(east.name()).units(), 2);
  EXPECT_EQ(Totals("company").revenue(), 20000);

  // Attainment: Wang 200.00 of 400.00 = 5000 bp; East 200.00 of 1,000.00 = 2000 bp; the
  // company the same.
  const iv1::Attainment wang_attainment = Attainment("reps/wang");
  EXPECT_EQ(wang_attainment.actual(), 20000);
  EXPECT_EQ(wang_attainment.attainment_bp(), 5000);
  EXPECT_EQ(Attainment(east.name()).actual(), 20000);
  EXPECT_EQ(Attainment(east.name()).attainment_bp(), 2000);
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
  const std::string product = NewProduct("V-1", 10000, 6000);
  Receive(product, "WH1", 10);
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
