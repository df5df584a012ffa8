// A late return after a quarter was locked, over gRPC against MariaDB (issue 10, statement
// gap (a)): the orders feed is served by this test so that the credits fall on known days of
// Q1 2026 (Asia/Shanghai). March, the quarter's last month, paid the quarterly bonus; a
// return that counts in March (the plan reverses in the original period) arrives after the
// lock and takes the quarter below its threshold. April's statement carries March's
// adjustment and the bonus's adjustment, both traced to the return and to March's locked
// statement; locking April accounts for the return once. Every figure is computed by hand.
#include "absl/time/clock.h"
#include "common/time_util.h"
#include "tests/harness/query_int.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/fake_orders_feed.h"
#include "tests/integration/incentives_fixture.h"

namespace sales::testing {
namespace {

namespace ev1 = ::sales::events::v1;

absl::TimeZone Shanghai() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &zone));
  return zone;
}

// Noon of a day of 2026 in Shanghai.
absl::Time Noon(int month, int day) {
  return absl::FromCivil(absl::CivilSecond(2026, month, day, 12, 0, 0), Shanghai());
}

// A completed order of one line: net `net` (cost 0, one unit), all of it Li's revenue credit.
ev1::Event Completed(int64_t position, const std::string& order, absl::Time at, int64_t net) {
  ev1::Event event;
  event.set_id("evt-" + order);
  event.set_type("order_status_changed");
  event.set_position(position);
  *event.mutable_occur_time() = ToProtoTime(at);
  auto* changed = event.mutable_order_status_changed();
  changed->set_from_status("ORDER_STATUS_DELIVERED");
  changed->set_to_status("ORDER_STATUS_COMPLETED");
  *changed->mutable_change_time() = ToProtoTime(at);
  auto* snapshot = changed->mutable_order();
  snapshot->set_order(order);
  snapshot->set_currency_code("CNY");
  auto* share = snapshot->add_credits();
  share->set_rep("reps/li");
  share->set_revenue_share_bp(10000);
  share->set_kind("SALES_CREDIT_KIND_REVENUE");
  auto* line = snapshot->add_lines();
  line->set_line_id(1);
  line->set_quantity(1);
  line->set_subtotal_minor(net);
  return event;
}

// A resolved return of `net` (no cost, no units) from `order`.
ev1::Event Returned(int64_t position, const std::string& ret, const std::string& order,
                    absl::Time at, int64_t net) {
  ev1::Event event;
  event.set_id("evt-" + ret);
  event.set_type("return_resolved");
  event.set_position(position);
  *event.mutable_occur_time() = ToProtoTime(at);
  auto* resolved = event.mutable_return_resolved();
  resolved->set_return_name(ret);
  resolved->set_order(order);
  *resolved->mutable_resolve_time() = ToProtoTime(at);
  auto* line = resolved->add_lines();
  line->set_line_id(1);
  line->set_net_minor(net);
  return event;
}

class IncentivesBonusAdjustmentTest : public IncentivesTest {
 protected:
  void SetUp() override {
    schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
  }

  void TearDown() override {
    IncentivesTest::TearDown();
    feed_.reset();
  }

  // (Re)starts the incentives server on a feed of `events`; it resumes from its checkpoint.
  void Serve(std::vector<ev1::Event> events) {
    stub_.reset();
    server_.reset();
    last_position_ = events.empty() ? 0 : events.back().position();
    feed_ = std::make_unique<FakeFeedServer>(std::move(events));
    server_ = ServiceProcess::Start(SALES_INCENTIVES_BINARY, schema_->db_config(),
                                    {"--business_time_zone=Asia/Shanghai", "--currency=CNY",
                                     "--orders_address=" + feed_->address()});
    ASSERT_NE(server_, nullptr) << "incentives server did not become SERVING";
    stub_ = iv1::IncentivesService::NewStub(server_->channel());
  }

  // Waits until the consumer has applied every event served.
  void AwaitFeed() {
    db::ConnectionPool pool(schema_->db_config());
    ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
      return QueryInt(pool,
                      "SELECT COALESCE(MAX(position), 0) FROM consumer_checkpoints "
                      "WHERE source = 'orders'") >= last_position_;
    }));
  }

  // 5% of revenue, and a quarterly bonus of 500.00 at 100% of the quarter's target;
  // reversals count in the original credit's period. Published from January 2026, assigned
  // to `team` since 2020.
  void PublishPlan(const std::string& team) {
    iv1::CreatePlanRequest plan_req;
    plan_req.mutable_plan()->set_display_name("East 2026");
    iv1::Plan plan;
    ASSERT_TRUE(stub_->CreatePlan(Ctx().get(), plan_req, &plan).ok());
    iv1::CreatePlanVersionRequest version_req;
    version_req.set_parent(plan.name());
    iv1::PlanVersion* v = version_req.mutable_version();
    v->set_attainment_basis(iv1::BASIS_REVENUE);
    v->set_clawback_policy(iv1::CLAWBACK_POLICY_ATTAINMENT_AND_BASE);
    v->set_reversal_period(iv1::REVERSAL_PERIOD_ORIGINAL);
    iv1::Component* commission = v->add_components();
    commission->set_id("commission");
    commission->mutable_commission()->set_basis(iv1::BASIS_REVENUE);
    commission->mutable_commission()->set_rate_ppm(50000);
    iv1::Component* bonus = v->add_components();
    bonus->set_id("quarter-bonus");
    bonus->mutable_bonus()->set_frequency(iv1::BONUS_FREQUENCY_QUARTERLY);
    iv1::BonusThreshold* threshold = bonus->mutable_bonus()->add_thresholds();
    threshold->set_attainment_bp(10000);
    threshold->set_amount(50000);
    iv1::PlanVersion created;
    grpc::Status status = stub_->CreatePlanVersion(Ctx().get(), version_req, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
    iv1::PublishPlanVersionRequest publish;
    publish.set_name(created.name());
    publish.set_effective_month("2026-01");
    status = stub_->PublishPlanVersion(Ctx().get(), publish, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
    iv1::CreatePlanAssignmentRequest assign;
    assign.mutable_assignment()->set_plan(plan.name());
    assign.mutable_assignment()->set_assignee(team);
    assign.mutable_assignment()->set_first_day("2020-01-01");
    iv1::PlanAssignment assignment;
    status = stub_->CreatePlanAssignment(Ctx().get(), assign, &assignment);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  void Lock(const std::string& month, int64_t expected_total) {
    iv1::LockPeriodRequest req;
    req.set_period(month);
    iv1::LockPeriodResponse resp;
    const grpc::Status status = stub_->LockPeriod(Ctx().get(), req, &resp);
    ASSERT_TRUE(status.ok()) << month << ": " << status.error_message();
    EXPECT_EQ(resp.total(), expected_total) << month;
  }

  iv1::Statement Statement(const std::string& rep, const std::string& month) {
    iv1::GetStatementRequest req;
    req.set_rep(rep);
    req.set_period(month);
    iv1::Statement out;
    const grpc::Status status = stub_->GetStatement(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static std::vector<int64_t> Amounts(const iv1::Statement& s) {
    std::vector<int64_t> out;
    for (const iv1::StatementLine& l : s.lines()) out.push_back(l.amount());
    return out;
  }

  std::unique_ptr<FakeFeedServer> feed_;
  int64_t last_position_ = 0;
};

TEST_F(IncentivesBonusAdjustmentTest, ALateReturnAfterTheQuarterIsLockedAdjustsItsBonusToo) {
  // Li: 1,000.00 on 01-15 and 2,100.00 on 03-10; Q1 target 3,000.00.
  std::vector<ev1::Event> events{Completed(1, "orders/A", Noon(1, 15), 100000),
                                 Completed(2, "orders/B", Noon(3, 10), 210000)};
  Serve(events);
  if (HasFatalFailure()) return;
  const std::string east = NewTeam("East");
  NewRep("li", east, "2020-01-01");
  NewRep("zhang", east, "2020-01-01");
  NewTarget(iv1::METRIC_REVENUE, "2026-Q1", "reps/li", 300000);
  PublishPlan(east);
  if (HasFatalFailure()) return;
  AwaitFeed();

  // January: 5% of 1,000.00 = 50.00. February: nothing. March: 5% of 2,100.00 = 105.00, and
  // the quarter 3,100.00 of 3,000.00 (10333 bp) reaches 100%: 500.00; 605.00.
  Lock("2026-01", 5000);
  Lock("2026-02", 0);
  Lock("2026-03", 60500);
  const iv1::Statement march = Statement("reps/li", "2026-03");
  EXPECT_TRUE(march.locked());
  EXPECT_EQ(Amounts(march), (std::vector<int64_t>{10500, 50000}));

  // On 04-03 200.00 of order B comes back; under the plan it counts in March (B's month),
  // which is locked: 1,900.00 in March, 2,900.00 in the quarter (9666 bp), below 100%.
  events.push_back(Returned(3, "returns/1", "orders/B", Noon(4, 3), 20000));
  Serve(events);
  if (HasFatalFailure()) return;
  AwaitFeed();
  EXPECT_EQ(Statement("reps/li", "2026-03").total(), 60500);  // locked: unchanged

  // April: the commission on nothing of April's own; March's earnings 105.00 -> 95.00:
  // -10.00; the quarter's bonus 500.00 -> 0.00: -500.00. Total -510.00.
  const iv1::Statement april = Statement("reps/li", "2026-04");
  EXPECT_FALSE(april.locked());
  EXPECT_EQ(Amounts(april), (std::vector<int64_t>{0, -1000, -50000}));
  EXPECT_EQ(april.total(), -51000);
  ASSERT_EQ(april.lines_size(), 3);
  const iv1::StatementLine& month_line = april.lines(1);
  EXPECT_EQ(month_line.kind(), iv1::LINE_KIND_ADJUSTMENT);
  EXPECT_EQ(month_line.component(), "");
  EXPECT_EQ(month_line.adjusts(), "reps/li/statements/2026-03");
  const iv1::StatementLine& bonus_line = april.lines(2);
  EXPECT_EQ(bonus_line.kind(), iv1::LINE_KIND_ADJUSTMENT);
  EXPECT_EQ(bonus_line.component(), "quarter-bonus");
  EXPECT_EQ(bonus_line.adjusts(), "reps/li/statements/2026-03");
  EXPECT_EQ(bonus_line.plan_version(), march.plan_version());
  EXPECT_EQ(bonus_line.base(), 9666);
  EXPECT_EQ(bonus_line.tier(), 0);
  EXPECT_EQ(bonus_line.explanation(),
            "quarter bonus of 2026-Q1 paid in reps/li/statements/2026-03 (locked) recomputed "
            "with 1 later credit: quarter attainment 103.33% -> 96.66%, bonus 500.00 -> 0.00");
  ASSERT_EQ(bonus_line.credits_size(), 1);
  EXPECT_EQ(bonus_line.credits(0).order(), "orders/B");
  EXPECT_EQ(bonus_line.credits(0).base(), -20000);
  EXPECT_EQ(bonus_line.credits(0).day(), "2026-04-03");
  ASSERT_EQ(month_line.credits_size(), 1);
  EXPECT_EQ(bonus_line.credits(0).credit(), month_line.credits(0).credit());
  EXPECT_FALSE(bonus_line.credits(0).reverses().empty());

  // ListStatements, a page of one rep at a time, gives the same statements.
  iv1::ListStatementsRequest list;
  list.set_period("2026-04");
  list.set_page_size(1);
  list.set_view(iv1::STATEMENT_VIEW_FULL);
  iv1::ListStatementsResponse page;
  ASSERT_TRUE(stub_->ListStatements(Ctx().get(), list, &page).ok());
  ASSERT_EQ(page.statements_size(), 1);
  EXPECT_EQ(page.statements(0).SerializeAsString(), april.SerializeAsString());
  ASSERT_FALSE(page.next_page_token().empty());
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(stub_->ListStatements(Ctx().get(), list, &page).ok());
  ASSERT_EQ(page.statements_size(), 1);
  EXPECT_EQ(page.statements(0).rep(), "reps/zhang");
  EXPECT_EQ(page.statements(0).total(), 0);

  // Locking April accounts for the return once (in March, the month it corrected); May has
  // nothing left to adjust.
  Lock("2026-04", -51000);
  db::ConnectionPool pool(schema_->db_config());
  EXPECT_EQ(QueryInt(pool, "SELECT COUNT(*) FROM statement_credits"), 3);
  EXPECT_EQ(QueryInt(pool, "SELECT COUNT(*) FROM statement_credits WHERE home_period = '2026-03'"),
            2);
  const iv1::Statement may = Statement("reps/li", "2026-05");
  EXPECT_EQ(Amounts(may), std::vector<int64_t>{0});
}

}  // namespace
}  // namespace sales::testing
