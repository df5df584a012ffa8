// Statements end to end over gRPC: customers, orders and incentives servers, each on its own
// schema. A plan is assigned to a team, orders are completed and one is partly returned;
// the statement is exactly as computed by hand. A month is locked, a late return lands as
// an adjustment in the next month, and a what-if run changes nothing.
#include "tests/harness/query_int.h"
#include "tests/harness/rpc_error.h"
#include "tests/integration/incentives_orders_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

using IncentivesStatementsTest = IncentivesOrdersTest;

TEST_F(IncentivesStatementsTest, AStatementOfCompletedOrdersAndAPartialReturnIsExactlyAsByHand) {
  const std::string east = EastWithReps();
  RevenueTarget("reps/li", 50000);  // 500.00 this month
  const std::string tea_product = StockedProduct("T-1", 10000, 6000, "tea");
  // Order 1: 3 units of tea at 100.00 (cost 60.00), Li 60%, Zhang 40%: Li 180.00 revenue,
  // 72.00 margin, 2 units; Zhang 120.00, 48.00, 1 unit.
  const ov1::Order tea = CompletedOrder(tea_product, 3, {{"reps/li", 6000}, {"reps/zhang", 4000}});
  // Order 2: 4 cups at 100.00 (cost 70.00), all Li's: 400.00, 120.00, 4 units.
  CompletedOrder(StockedProduct("C-1", 10000, 7000, "cups"), 4, {{"reps/li", 10000}});
  // One tea unit comes back: Li -60.00, -24.00, -1 unit; Zhang -40.00, -16.00, 0 units.
  ReturnUnits(tea.name(), 1);
  WaitForCredits(5);  // two for order 1, one for order 2, two reversals

  iv1::PlanVersion v = RevenueTerms();
  // Marginal: 5% up to 100% of target, 10% above.
  AddTieredCommission(v, "commission", iv1::TIER_MODE_MARGINAL, {{0, 50000}, {10000, 100000}});
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
  PublishPlanFromThisMonth(v, {east});

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
  iv1::PlanVersion v = RevenueTerms();
  AddTieredCommission(v, "commission", iv1::TIER_MODE_WHOLE_BASE, {{0, 20000}, {10000, 50000}});
  const std::string plan = PublishPlanFromThisMonth(v, {east}).plan;
  // 3 units at 100.00, all Li's: 300.00, 120% of target: 5% = 15.00.
  const ov1::Order order =
      CompletedOrder(StockedProduct("W-1", 10000, 6000, "tea"), 3, {{"reps/li", 10000}});
  WaitForCredits(1);
  iv1::Statement li = Statement("reps/li", period_);
  EXPECT_EQ(li.total(), 1500);

  // What-if: a draft at a flat 10% would pay 30.00, 15.00 more; nothing changes.
  iv1::CreatePlanVersionRequest draft_req;
  draft_req.set_parent(plan);
  *draft_req.mutable_version() = RevenueTerms();
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
