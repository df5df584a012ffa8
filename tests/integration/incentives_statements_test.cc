// Statements end to end over gRPC: customers, orders and incentives servers, each on its own
// schema. A plan is assigned to a team, orders are completed and one is partly returned;
// the statement is exactly as computed by hand. A month is locked, a late return lands as
// an adjustment in the next month, and a what-if run changes nothing.
#include "absl/time/clock.h"
#include "sales/incentives/v1/incentives_service.grpc.pb.h"
#include "tests/harness/query_int.h"
#include "tests/harness/rpc_error.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

namespace iv1 = ::sales::incentives::v1;
using grpc::StatusCode;

class IncentivesStatementsTest : public OrdersTest {
 protected:
  static constexpr char kZone[] = "Asia/Shanghai";

  void SetUp() override {
    OrdersTest::SetUp();
    if (HasFatalFailure()) return;
    incentives_schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    incentives_server_ =
        ServiceProcess::Start(SALES_INCENTIVES_BINARY, incentives_schema_->db_config(),
                              {"--orders_address=" + orders_server_->address(),
                               absl::StrCat("--business_time_zone=", kZone), "--currency=CNY"});
    ASSERT_NE(incentives_server_, nullptr) << "incentives server did not become SERVING";
    incentives_ = iv1::IncentivesService::NewStub(incentives_server_->channel());
    absl::TimeZone zone;
    ASSERT_TRUE(absl::LoadTimeZone(kZone, &zone));
    const absl::CivilMonth month(absl::ToCivilDay(absl::Now(), zone));
    period_ = absl::FormatCivilTime(month).substr(0, 7);
    next_period_ = absl::FormatCivilTime(month + 1).substr(0, 7);
    first_day_ = period_ + "-01";
    last_day_ = absl::FormatCivilTime(absl::CivilDay(month + 1) - 1);
    customer_ = NewCustomer();
  }

  void TearDown() override {
    incentives_db_.reset();
    incentives_.reset();
    incentives_server_.reset();
    incentives_schema_.reset();
    OrdersTest::TearDown();
  }

  db::ConnectionPool& IncentivesDb() {
    if (!incentives_db_) {
      incentives_db_ = std::make_unique<db::ConnectionPool>(incentives_schema_->db_config());
    }
    return *incentives_db_;
  }

  // Team East with reps li and zhang in it since 2020.
  std::string EastWithReps() {
    iv1::CreateTeamRequest team_req;
    team_req.mutable_team()->set_display_name("East");
    iv1::Team east;
    EXPECT_TRUE(incentives_->CreateTeam(Ctx().get(), team_req, &east).ok());
    for (const char* id : {"li", "zhang"}) {
      iv1::CreateRepRequest rep;
      rep.mutable_rep()->set_name(absl::StrCat("reps/", id));
      rep.mutable_rep()->set_display_name(id);
      rep.set_team(east.name());
      rep.set_effective_day("2020-01-01");
      iv1::Rep out;
      EXPECT_TRUE(incentives_->CreateRep(Ctx().get(), rep, &out).ok());
    }
    return east.name();
  }

  void RevenueTarget(const std::string& rep, int64_t amount) {
    iv1::CreateTargetRequest req;
    iv1::Target* t = req.mutable_target();
    t->set_metric(iv1::METRIC_REVENUE);
    t->set_period(period_);
    t->set_owner(rep);
    t->set_amount(amount);
    t->mutable_deadline()->set_seconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(24 * 40)));
    iv1::Target out;
    const grpc::Status status = incentives_->CreateTarget(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  static iv1::PlanVersion Version() {
    iv1::PlanVersion v;
    v.set_attainment_basis(iv1::BASIS_REVENUE);
    v.set_clawback_policy(iv1::CLAWBACK_POLICY_ATTAINMENT_AND_BASE);
    v.set_reversal_period(iv1::REVERSAL_PERIOD_RETURN);
    return v;
  }

  static iv1::Commission* AddCommission(iv1::PlanVersion& v, const std::string& id,
                                        iv1::TierMode mode,
                                        std::vector<std::pair<int64_t, int64_t>> tiers) {
    iv1::Component* c = v.add_components();
    c->set_id(id);
    iv1::Commission* m = c->mutable_commission();
    m->set_basis(iv1::BASIS_REVENUE);
    m->set_tier_mode(mode);
    for (const auto& [from, rate] : tiers) {
      iv1::Tier* t = m->add_tiers();
      t->set_from_bp(from);
      t->set_rate_ppm(rate);
    }
    return m;
  }

  // A plan with `version` published from this month and assigned to `team` since 2020.
  std::string PublishedPlan(const iv1::PlanVersion& version, const std::string& team) {
    iv1::CreatePlanRequest plan_req;
    plan_req.mutable_plan()->set_display_name("East 2026");
    iv1::Plan plan;
    EXPECT_TRUE(incentives_->CreatePlan(Ctx().get(), plan_req, &plan).ok());
    iv1::CreatePlanVersionRequest version_req;
    version_req.set_parent(plan.name());
    *version_req.mutable_version() = version;
    iv1::PlanVersion created;
    grpc::Status status = incentives_->CreatePlanVersion(Ctx().get(), version_req, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    iv1::PublishPlanVersionRequest publish;
    publish.set_name(created.name());
    publish.set_effective_month(period_);
    status = incentives_->PublishPlanVersion(Ctx().get(), publish, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    iv1::CreatePlanAssignmentRequest assign;
    assign.mutable_assignment()->set_plan(plan.name());
    assign.mutable_assignment()->set_assignee(team);
    assign.mutable_assignment()->set_first_day("2020-01-01");
    iv1::PlanAssignment assignment;
    status = incentives_->CreatePlanAssignment(Ctx().get(), assign, &assignment);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return plan.name();
  }

  // A completed order of `quantity` units of a new product of `category` (no tax, no
  // discount), credited to `credits` (rep, share in bp).
  ov1::Order CompletedOrder(const std::string& sku, const std::string& category, int64_t quantity,
                            int64_t price, int64_t cost,
                            const std::vector<std::pair<std::string, int>>& credits,
                            std::string* product_name = nullptr) {
    const std::string product = NewProduct(sku, price, cost, category);
    if (product_name != nullptr) *product_name = product;
    Receive(product, "WH1", 100);
    ov1::CreateOrderRequest req;
    ov1::Order* o = req.mutable_order();
    o->set_customer(customer_);
    o->set_channel(ov1::CHANNEL_STORE);
    o->set_region("north");
    o->set_warehouse("WH1");
    for (const auto& [rep, bp] : credits) {
      ov1::SalesCredit* credit = o->add_sales_credits();
      credit->set_rep(rep);
      credit->set_revenue_share_bp(bp);
    }
    ov1::OrderLine* line = o->add_lines();
    line->set_product(product);
    line->set_quantity(quantity);
    ov1::Order order;
    EXPECT_TRUE(orders_->CreateOrder(Ctx().get(), req, &order).ok());
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
    const grpc::Status status = orders_->CompleteOrder(Ctx().get(), complete, &order);
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

  void WaitForCredits(int64_t n) {
    ASSERT_TRUE(
        WaitFor(absl::Seconds(15),
                [&] { return QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM credits") == n; }))
        << "credits: " << QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM credits");
  }

  iv1::Statement Statement(const std::string& rep, const std::string& period) {
    iv1::GetStatementRequest req;
    req.set_rep(rep);
    req.set_period(period);
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

  std::string customer_;
  std::string period_;
  std::string next_period_;
  std::string first_day_;
  std::string last_day_;
  std::unique_ptr<TestSchema> incentives_schema_;
  std::unique_ptr<ServiceProcess> incentives_server_;
  std::unique_ptr<iv1::IncentivesService::Stub> incentives_;
  std::unique_ptr<db::ConnectionPool> incentives_db_;
};

TEST_F(IncentivesStatementsTest, AStatementOfCompletedOrdersAndAPartialReturnIsExactlyAsByHand) {
  const std::string east = EastWithReps();
  RevenueTarget("reps/li", 50000);  // 500.00 this month
  std::string tea_product;
  // Order 1: 3 units of tea at 100.00 (cost 60.00), Li 60%, Zhang 40%: Li 180.00 revenue,
  // 72.00 margin, 2 units; Zhang 120.00, 48.00, 1 unit.
  const ov1::Order tea = CompletedOrder("T-1", "tea", 3, 10000, 6000,
                                        {{"reps/li", 6000}, {"reps/zhang", 4000}}, &tea_product);
  // Order 2: 4 cups at 100.00 (cost 70.00), all Li's: 400.00, 120.00, 4 units.
  CompletedOrder("C-1", "cups", 4, 10000, 7000, {{"reps/li", 10000}});
  // One tea unit comes back: Li -60.00, -24.00, -1 unit; Zhang -40.00, -16.00, 0 units.
  ReturnUnits(tea.name(), 1);
  WaitForCredits(5);  // two for order 1, one for order 2, two reversals

  iv1::PlanVersion v = Version();
  // Marginal: 5% up to 100% of target, 10% above.
  AddCommission(v, "commission", iv1::TIER_MODE_MARGINAL, {{0, 50000}, {10000, 100000}});
  // 10% of the tea margin.
  iv1::Component* tea_margin = v.add_components();
  tea_margin->set_id("tea-margin");
  tea_margin->mutable_commission()->set_basis(iv1::BASIS_GROSS_MARGIN);
  tea_margin->mutable_commission()->add_categories("tea");
  tea_margin->mutable_commission()->set_rate_ppm(100000);
  // 2.00 per unit of the tea product sold this month.
  iv1::Component* spiff = v.add_components();
  spiff->set_id("tea-spiff");
  spiff->mutable_spiff()->set_product(tea_product);
  spiff->mutable_spiff()->set_amount_per_unit(200);
  spiff->mutable_spiff()->set_first_day(first_day_);
  spiff->mutable_spiff()->set_last_day(last_day_);
  // 300.00 of transport a month.
  iv1::Component* transport = v.add_components();
  transport->set_id("transport");
  transport->mutable_allowance()->set_amount(30000);
  PublishedPlan(v, east);

  // Li: achieved 180.00 + 400.00 - 60.00 = 520.00 of 500.00: 104% (10400 bp).
  //   commission: 500.00 at 5% = 25.00; 20.00 at 10% = 2.00
  //   tea margin: (72.00 - 24.00) * 10% = 4.80
  //   SPIFF: 2 - 1 = 1 unit at 2.00 = 2.00
  //   transport: the whole month = 300.00
  //   total 25.00 + 2.00 + 4.80 + 2.00 + 300.00 = 333.80
  const iv1::Statement li = Statement("reps/li", period_);
  EXPECT_EQ(li.name(), "reps/li/statements/" + period_);
  EXPECT_FALSE(li.locked());
  EXPECT_EQ(li.achieved(), 52000);
  EXPECT_EQ(li.target(), 50000);
  EXPECT_EQ(li.attainment_bp(), 10400);
  EXPECT_EQ(Amounts(li), (std::vector<int64_t>{2500, 200, 480, 200, 30000}));
  EXPECT_EQ(li.total(), 33380);
  EXPECT_EQ(li.currency_code(), "CNY");
  ASSERT_EQ(li.lines_size(), 5);
  EXPECT_EQ(li.lines(1).tier(), 2);
  EXPECT_EQ(li.lines(1).rate_ppm(), 100000);
  EXPECT_EQ(li.lines(1).base(), 2000);
  EXPECT_EQ(li.lines(0).credits_size(), 3);  // two sales and the reversal
  EXPECT_EQ(li.lines(0).plan_version(), li.plan_version());
  EXPECT_EQ(li.lines(2).base(), 4800);
  bool saw_reversal = false;
  for (const iv1::LineCredit& c : li.lines(3).credits()) {
    EXPECT_EQ(c.order(), tea.name());
    if (!c.reverses().empty()) {
      saw_reversal = true;
      EXPECT_EQ(c.base(), -1);
    }
  }
  EXPECT_TRUE(saw_reversal);

  // Zhang has no target (attainment 0): everything in the first band.
  //   commission: (120.00 - 40.00) at 5% = 4.00; tea margin (48.00 - 16.00) * 10% = 3.20;
  //   SPIFF 1 unit = 2.00; transport 300.00; total 309.20.
  const iv1::Statement zhang = Statement("reps/zhang", period_);
  EXPECT_EQ(Amounts(zhang), (std::vector<int64_t>{400, 320, 200, 30000}));
  EXPECT_EQ(zhang.total(), 30920);

  // The month's list has both, without the credits in the basic view.
  iv1::ListStatementsRequest list;
  list.set_period(period_);
  list.set_team(east);
  iv1::ListStatementsResponse listed;
  ASSERT_TRUE(incentives_->ListStatements(Ctx().get(), list, &listed).ok());
  ASSERT_EQ(listed.statements_size(), 2);
  EXPECT_EQ(listed.statements(0).total(), 33380);
  EXPECT_EQ(listed.statements(0).lines(0).credits_size(), 0);
  EXPECT_EQ(listed.statements(1).total(), 30920);
}

TEST_F(IncentivesStatementsTest, ALateReturnAfterTheLockIsAnAdjustmentAndWhatIfChangesNothing) {
  const std::string east = EastWithReps();
  RevenueTarget("reps/li", 25000);  // 250.00
  // Whole base: 2% below 100% of target, 5% from 100% on.
  iv1::PlanVersion v = Version();
  AddCommission(v, "commission", iv1::TIER_MODE_WHOLE_BASE, {{0, 20000}, {10000, 50000}});
  const std::string plan = PublishedPlan(v, east);
  // 3 units at 100.00, all Li's: 300.00, 120% of target: 5% = 15.00.
  const ov1::Order order = CompletedOrder("W-1", "tea", 3, 10000, 6000, {{"reps/li", 10000}});
  WaitForCredits(1);
  iv1::Statement li = Statement("reps/li", period_);
  EXPECT_EQ(li.total(), 1500);

  // What-if: a draft at a flat 10% would pay 30.00, 15.00 more; nothing changes.
  iv1::CreatePlanVersionRequest draft_req;
  draft_req.set_parent(plan);
  *draft_req.mutable_version() = Version();
  iv1::Component* flat = draft_req.mutable_version()->add_components();
  flat->set_id("commission");
  flat->mutable_commission()->set_basis(iv1::BASIS_REVENUE);
  flat->mutable_commission()->set_rate_ppm(100000);
  iv1::PlanVersion draft;
  ASSERT_TRUE(incentives_->CreatePlanVersion(Ctx().get(), draft_req, &draft).ok());
  iv1::RunWhatIfRequest what_if;
  what_if.set_plan_version(draft.name());
  what_if.set_period(period_);
  iv1::RunWhatIfResponse answer;
  const grpc::Status what_if_status = incentives_->RunWhatIf(Ctx().get(), what_if, &answer);
  ASSERT_TRUE(what_if_status.ok()) << what_if_status.error_message();
  // Both reps have the plan (Zhang with no credits: 0 and 0), by rep.
  ASSERT_EQ(answer.results_size(), 2);
  EXPECT_EQ(answer.results(0).rep(), "reps/li");
  EXPECT_EQ(answer.results(0).current_total(), 1500);
  EXPECT_EQ(answer.results(0).draft_total(), 3000);
  EXPECT_EQ(answer.results(0).difference(), 1500);
  EXPECT_EQ(answer.results(1).rep(), "reps/zhang");
  EXPECT_EQ(answer.results(1).difference(), 0);
  EXPECT_EQ(answer.draft_total() - answer.current_total(), 1500);
  EXPECT_EQ(Statement("reps/li", period_).total(), 1500);
  iv1::GetPlanVersionRequest get_draft;
  get_draft.set_name(draft.name());
  ASSERT_TRUE(incentives_->GetPlanVersion(Ctx().get(), get_draft, &draft).ok());
  EXPECT_EQ(draft.state(), iv1::PLAN_VERSION_STATE_DRAFT);
  EXPECT_EQ(QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM statements"), 0);

  // Lock the month, with a retry.
  iv1::LockPeriodRequest lock;
  lock.set_period(period_);
  lock.set_request_id("lock-" + period_);
  iv1::LockPeriodResponse locked;
  ASSERT_TRUE(incentives_->LockPeriod(Ctx().get(), lock, &locked).ok());
  EXPECT_EQ(locked.total(), 1500);
  EXPECT_EQ(locked.statement_count(), 2);
  iv1::LockPeriodResponse again;
  ASSERT_TRUE(incentives_->LockPeriod(Ctx().get(), lock, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), locked.SerializeAsString());
  lock.clear_request_id();
  EXPECT_RPC_ERROR(incentives_->LockPeriod(Ctx().get(), lock, &again),
                   StatusCode::FAILED_PRECONDITION, "period");
  li = Statement("reps/li", period_);
  EXPECT_TRUE(li.locked());
  EXPECT_EQ(li.total(), 1500);
  EXPECT_EQ(li.lines(0).credits_size(), 1);
  const std::string original_credit = li.lines(0).credits(0).credit();

  // A unit comes back after the lock: the locked statement does not change, and the next
  // month gets the difference: 200.00 is 80% of target, 2% = 4.00 instead of 15.00: -11.00.
  ReturnUnits(order.name(), 1);
  WaitForCredits(2);
  EXPECT_EQ(Statement("reps/li", period_).total(), 1500);
  const iv1::Statement next = Statement("reps/li", next_period_);
  ASSERT_EQ(next.lines_size(), 2);  // the commission on nothing yet, and the adjustment
  EXPECT_EQ(next.lines(0).amount(), 0);
  const iv1::StatementLine& adjustment = next.lines(1);
  EXPECT_EQ(adjustment.kind(), iv1::LINE_KIND_ADJUSTMENT);
  EXPECT_EQ(adjustment.amount(), -1100);
  EXPECT_EQ(adjustment.adjusts(), "reps/li/statements/" + period_);
  ASSERT_EQ(adjustment.credits_size(), 1);
  EXPECT_EQ(adjustment.credits(0).reverses(), original_credit);
  EXPECT_EQ(adjustment.credits(0).base(), -10000);
  EXPECT_EQ(next.total(), -1100);

  // Locking the next month stores the adjustment once; it is not repeated after.
  lock.set_period(next_period_);
  ASSERT_TRUE(incentives_->LockPeriod(Ctx().get(), lock, &locked).ok());
  EXPECT_EQ(locked.total(), -1100);
  EXPECT_EQ(QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM statement_credits"), 2);
  EXPECT_EQ(QueryInt(IncentivesDb(), "SELECT used FROM plan_versions WHERE version = 1"), 1);

  // A version cannot take effect in a locked month.
  iv1::PublishPlanVersionRequest publish;
  publish.set_name(draft.name());
  publish.set_effective_month(next_period_);
  EXPECT_RPC_ERROR(incentives_->PublishPlanVersion(Ctx().get(), publish, &draft),
                   StatusCode::FAILED_PRECONDITION, "effective_month");
}

}  // namespace
}  // namespace sales::testing
