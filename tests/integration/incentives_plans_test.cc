// Plans over gRPC against the incentives server alone: versions drafted, edited and
// published from a month, assignments, and bad input refused naming the field.
#include <latch>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "tests/harness/query_int.h"
#include "tests/integration/incentives_calls.h"
#include "tests/integration/incentives_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class IncentivesPlansTest : public IncentivesTest {
 protected:
  std::string NewPlan(const std::string& display_name) {
    iv1::CreatePlanRequest req;
    req.mutable_plan()->set_display_name(display_name);
    iv1::Plan out;
    const grpc::Status status = stub_->CreatePlan(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out.name();
  }

  // Revenue attainment, clawback on attainment and base, reversals in the return's month,
  // and a 5% commission.
  static iv1::PlanVersion FlatVersion(int64_t rate_ppm) {
    iv1::PlanVersion v;
    v.set_attainment_basis(iv1::BASIS_REVENUE);
    v.set_clawback_policy(iv1::CLAWBACK_POLICY_ATTAINMENT_AND_BASE);
    v.set_reversal_period(iv1::REVERSAL_PERIOD_RETURN);
    iv1::Component* c = v.add_components();
    c->set_id("commission");
    c->mutable_commission()->set_basis(iv1::BASIS_REVENUE);
    c->mutable_commission()->set_rate_ppm(rate_ppm);
    return v;
  }

  grpc::Status CreateVersion(const std::string& plan, const iv1::PlanVersion& version,
                             iv1::PlanVersion* out) {
    iv1::CreatePlanVersionRequest req;
    req.set_parent(plan);
    *req.mutable_version() = version;
    return stub_->CreatePlanVersion(Ctx().get(), req, out);
  }

  grpc::Status Publish(const std::string& name, const std::string& month, iv1::PlanVersion* out) {
    iv1::PublishPlanVersionRequest req;
    req.set_name(name);
    req.set_effective_month(month);
    return stub_->PublishPlanVersion(Ctx().get(), req, out);
  }
};

TEST_F(IncentivesPlansTest, VersionsAreDraftedEditedThenPublishedAndNeverEditedAgain) {
  const std::string plan = NewPlan("Field sales 2026");
  iv1::PlanVersion v1;
  ASSERT_TRUE(CreateVersion(plan, FlatVersion(50000), &v1).ok());
  EXPECT_EQ(v1.name(), plan + "/versions/1");
  EXPECT_EQ(v1.state(), iv1::PLAN_VERSION_STATE_DRAFT);

  // A draft is edited.
  iv1::UpdatePlanVersionRequest update;
  *update.mutable_version() = FlatVersion(60000);
  update.mutable_version()->set_name(v1.name());
  update.mutable_update_mask()->add_paths("components");
  iv1::PlanVersion edited;
  ASSERT_TRUE(stub_->UpdatePlanVersion(Ctx().get(), update, &edited).ok());
  EXPECT_EQ(edited.components(0).commission().rate_ppm(), 60000);

  iv1::PlanVersion published;
  ASSERT_TRUE(Publish(v1.name(), "2026-10", &published).ok());
  EXPECT_EQ(published.state(), iv1::PLAN_VERSION_STATE_PUBLISHED);
  EXPECT_EQ(published.effective_month(), "2026-10");
  EXPECT_EQ(published.components(0).commission().rate_ppm(), 60000);

  // Published: never edited, never published again.
  EXPECT_RPC_ERROR_MENTIONS(stub_->UpdatePlanVersion(Ctx().get(), update, &edited),
                            StatusCode::FAILED_PRECONDITION, "PLAN_VERSION_STATE_PUBLISHED");
  EXPECT_RPC_ERROR_MENTIONS(Publish(v1.name(), "2026-11", &published),
                            StatusCode::FAILED_PRECONDITION, "PLAN_VERSION_STATE_PUBLISHED");

  // Version 2 must take effect after version 1.
  iv1::PlanVersion v2;
  ASSERT_TRUE(CreateVersion(plan, FlatVersion(70000), &v2).ok());
  EXPECT_EQ(v2.name(), plan + "/versions/2");
  EXPECT_RPC_ERROR(Publish(v2.name(), "2026-10", &published), StatusCode::FAILED_PRECONDITION,
                   "effective_month");
  ASSERT_TRUE(Publish(v2.name(), "2027-01", &published).ok());

  iv1::ListPlanVersionsRequest list;
  list.set_parent(plan);
  iv1::ListPlanVersionsResponse versions;
  ASSERT_TRUE(stub_->ListPlanVersions(Ctx().get(), list, &versions).ok());
  ASSERT_EQ(versions.versions_size(), 2);
  EXPECT_EQ(versions.versions(1).effective_month(), "2027-01");
}

TEST_F(IncentivesPlansTest, PlansAreAssignedToTeamsAndReps) {
  const std::string team = NewTeam("East");
  NewRep("li", team, "2026-01-01");
  const std::string plan = NewPlan("East plan");
  iv1::CreatePlanAssignmentRequest req;
  req.mutable_assignment()->set_plan(plan);
  req.mutable_assignment()->set_assignee(team);
  req.mutable_assignment()->set_first_day("2026-01-01");
  req.set_request_id("assign-east");
  iv1::PlanAssignment a;
  ASSERT_TRUE(stub_->CreatePlanAssignment(Ctx().get(), req, &a).ok());
  iv1::PlanAssignment again;
  ASSERT_TRUE(stub_->CreatePlanAssignment(Ctx().get(), req, &again).ok());
  EXPECT_EQ(again.name(), a.name());  // the retry changed nothing

  req.clear_request_id();
  req.mutable_assignment()->set_assignee("reps/li");
  req.mutable_assignment()->set_last_day("2026-06-30");
  iv1::PlanAssignment direct;
  ASSERT_TRUE(stub_->CreatePlanAssignment(Ctx().get(), req, &direct).ok());
  EXPECT_EQ(direct.last_day(), "2026-06-30");

  iv1::ListPlanAssignmentsRequest list;
  list.set_plan(plan);
  iv1::ListPlanAssignmentsResponse listed;
  ASSERT_TRUE(stub_->ListPlanAssignments(Ctx().get(), list, &listed).ok());
  ASSERT_EQ(listed.assignments_size(), 2);
  EXPECT_EQ(listed.assignments(0).assignee(), team);
  EXPECT_EQ(listed.assignments(1).assignee(), "reps/li");

  req.mutable_assignment()->set_assignee("reps/nobody");
  EXPECT_RPC_ERROR(stub_->CreatePlanAssignment(Ctx().get(), req, &a), StatusCode::NOT_FOUND,
                   "assignment.assignee");
}

TEST_F(IncentivesPlansTest, ARecoverableDrawIsRepaidNextMonthBeforeAndAfterALock) {
  const std::string team = NewTeam("East");
  NewRep("li", team, "2026-01-01");
  const std::string plan = NewPlan("Draw plan");
  // 5% commission and a recoverable draw of 300.00 a month.
  iv1::PlanVersion v = FlatVersion(50000);
  iv1::Component* draw = v.add_components();
  draw->set_id("draw");
  draw->mutable_draw()->set_amount(30000);
  draw->mutable_draw()->set_recoverable(true);
  iv1::PlanVersion version;
  ASSERT_TRUE(CreateVersion(plan, v, &version).ok());
  ASSERT_TRUE(Publish(version.name(), "2026-09", &version).ok());
  iv1::CreatePlanAssignmentRequest assign;
  assign.mutable_assignment()->set_plan(plan);
  assign.mutable_assignment()->set_assignee(team);
  assign.mutable_assignment()->set_first_day("2026-09-01");
  iv1::PlanAssignment assignment;
  ASSERT_TRUE(stub_->CreatePlanAssignment(Ctx().get(), assign, &assignment).ok());
  // Credits as the orders feed writes them: 4,000.00 in September, 8,000.00 in October.
  db::ConnectionPool pool(schema_->db_config());
  ASSERT_TRUE(db::RunInTransaction(pool, absl::Now() + absl::Seconds(10), [](db::Transaction& tx) {
                tx.Exec(
                    "INSERT INTO credits (order_name, cause, cause_kind, rep_id, kind, share_bp, "
                    "revenue, margin, units, day, credited_at) VALUES "
                    "('orders/1', 'orders/1', 1, 'li', 1, 10000, 400000, 100000, 4, "
                    "'2026-09-10', '2026-09-10 02:00:00'), "
                    "('orders/2', 'orders/2', 1, 'li', 1, 10000, 800000, 200000, 8, "
                    "'2026-10-10', '2026-10-10 02:00:00')");
                return absl::OkStatus();
              }).ok());
  iv1::GetStatementRequest get;
  get.set_rep("reps/li");
  get.set_period("2026-09");
  iv1::Statement september;
  ASSERT_TRUE(stub_->GetStatement(Ctx().get(), get, &september).ok());
  // September: 5% of 4,000.00 = 200.00, the draw pays 100.00 more, owed back.
  ASSERT_EQ(september.lines_size(), 2);
  EXPECT_EQ(september.lines(0).amount(), 20000);
  EXPECT_EQ(september.lines(1).kind(), iv1::LINE_KIND_DRAW);
  EXPECT_EQ(september.lines(1).amount(), 10000);
  EXPECT_EQ(september.draw_balance(), 10000);
  // October: 5% of 8,000.00 = 400.00, 100.00 above the draw: it repays the 100.00.
  get.set_period("2026-10");
  for (bool locked : {false, true}) {
    iv1::Statement october;
    ASSERT_TRUE(stub_->GetStatement(Ctx().get(), get, &october).ok());
    ASSERT_EQ(october.lines_size(), 2) << "locked september: " << locked;
    EXPECT_EQ(october.lines(0).amount(), 40000);
    EXPECT_EQ(october.lines(1).kind(), iv1::LINE_KIND_DRAW_RECOVERY);
    EXPECT_EQ(october.lines(1).amount(), -10000);
    EXPECT_EQ(october.total(), 30000);
    EXPECT_EQ(october.draw_balance(), 0);
    // The same once September is locked (its stored balance carries over).
    iv1::LockPeriodRequest lock;
    lock.set_period("2026-09");
    iv1::LockPeriodResponse out;
    if (!locked) {
      ASSERT_TRUE(stub_->LockPeriod(Ctx().get(), lock, &out).ok());
    }
  }
}

TEST_F(IncentivesPlansTest, AVersionPublishedWhileItsMonthLocksIsInTheLockOrRefused) {
  const std::string team = NewTeam("East");
  NewRep("li", team, "2026-01-01");
  const std::string plan = NewPlan("Field sales");
  iv1::PlanVersion in_force;
  ASSERT_TRUE(CreateVersion(plan, FlatVersion(10000), &in_force).ok());
  ASSERT_TRUE(Publish(in_force.name(), "2026-01", &in_force).ok());
  iv1::CreatePlanAssignmentRequest assign;
  assign.mutable_assignment()->set_plan(plan);
  assign.mutable_assignment()->set_assignee(team);
  assign.mutable_assignment()->set_first_day("2026-01-01");
  iv1::PlanAssignment assignment;
  ASSERT_TRUE(stub_->CreatePlanAssignment(Ctx().get(), assign, &assignment).ok());
  // 1,000.00 of revenue credited to Li on the 10th of each of 24 months.
  constexpr int kMonths = 24;
  constexpr int64_t kRevenue = 100000;
  db::ConnectionPool pool(schema_->db_config());
  ASSERT_TRUE(db::RunInTransaction(pool, absl::Now() + absl::Seconds(10), [&](db::Transaction& tx) {
                for (int i = 0; i < kMonths; ++i) {
                  const std::string day =
                      absl::StrFormat("%04d-%02d-10", 2026 + i / 12, i % 12 + 1);
                  const std::string order = absl::StrCat("orders/", i + 1);
                  tx.Exec(
                      "INSERT INTO credits (order_name, cause, cause_kind, rep_id, kind, "
                      "share_bp, revenue, margin, units, day, credited_at) VALUES "
                      "(?, ?, 1, 'li', 1, 10000, ?, 0, 1, ?, ?)",
                      {order, order, kRevenue, day, day + " 02:00:00"});
                }
                return absl::OkStatus();
              }).ok());
  // January is under the first version; the race is for each month after it.
  LockMonth(*stub_, "2026-01");
  int published = 0;
  int refused = 0;
  for (int i = 1; i < kMonths; ++i) {
    const std::string month = absl::StrFormat("%04d-%02d", 2026 + i / 12, i % 12 + 1);
    const int64_t rate_ppm = 20000 + 1000 * i;
    iv1::PlanVersion draft;
    ASSERT_TRUE(CreateVersion(plan, FlatVersion(rate_ppm), &draft).ok());
    // The publication from `month` and the lock of `month` at once, the publication started
    // from 1 ms before to 1 ms after the lock, so that both orders and overlaps happen.
    const absl::Duration publish_after = absl::Microseconds(250 * (i % 9) - 1000);
    std::latch start(2);
    grpc::Status publish;
    iv1::PlanVersion out;
    std::thread publisher([&] {
      start.arrive_and_wait();
      if (publish_after > absl::ZeroDuration()) absl::SleepFor(publish_after);
      publish = Publish(draft.name(), month, &out);
    });
    start.arrive_and_wait();
    if (publish_after < absl::ZeroDuration()) absl::SleepFor(-publish_after);
    const iv1::LockPeriodResponse locked = LockMonth(*stub_, month);
    publisher.join();
    // Either the version took effect before the lock priced the month (the locked statement
    // is under it), or it came after and was refused (the month stays under the old one).
    if (publish.ok()) {
      ++published;
      in_force = draft;
    } else {
      ++refused;
      EXPECT_EQ(publish.error_code(), StatusCode::FAILED_PRECONDITION)
          << month << ": " << publish.error_message();
      EXPECT_TRUE(absl::StrContains(publish.error_message(), month + " is locked"))
          << publish.error_message();
    }
    const iv1::Statement statement = GetStatement(*stub_, "reps/li", month);
    EXPECT_TRUE(statement.locked()) << month;
    EXPECT_EQ(statement.plan_version(), in_force.name())
        << month << ": the locked statement is under another version than the month's "
        << "(publication " << (publish.ok() ? "committed" : "refused") << ")";
    ASSERT_GE(statement.lines_size(), 1) << month;
    EXPECT_EQ(statement.lines(0).amount(),
              kRevenue * in_force.components(0).commission().rate_ppm() / 1000000)
        << month;
  }
  std::cout << "publications committed before the lock: " << published << ", refused: " << refused
            << "\n";
}

TEST_F(IncentivesPlansTest, AssignmentsAndMovesIntoALockedMonthAreRefused) {
  const std::string east = NewTeam("East");
  const std::string west = NewTeam("West");
  NewRep("li", east, "2026-01-01");
  const std::string plan = NewPlan("Field sales");
  iv1::PlanVersion version;
  ASSERT_TRUE(CreateVersion(plan, FlatVersion(10000), &version).ok());
  ASSERT_TRUE(Publish(version.name(), "2026-01", &version).ok());
  LockMonth(*stub_, "2026-01");
  // January's statements were computed from its memberships and assignments: both stand.
  EXPECT_RPC_ERROR(MoveRep("reps/li", west, "2026-01-20"), StatusCode::FAILED_PRECONDITION,
                   "effective_day");
  iv1::CreatePlanAssignmentRequest assign;
  assign.mutable_assignment()->set_plan(plan);
  assign.mutable_assignment()->set_assignee(east);
  assign.mutable_assignment()->set_first_day("2026-01-31");
  iv1::PlanAssignment assignment;
  const grpc::Status refused = stub_->CreatePlanAssignment(Ctx().get(), assign, &assignment);
  EXPECT_RPC_ERROR(refused, StatusCode::FAILED_PRECONDITION, "assignment.first_day");
  EXPECT_TRUE(absl::StrContains(refused.error_message(), "the first open day is 2026-02-01"))
      << refused.error_message();
  // From February, the first open day, both are taken.
  iv1::Rep moved;
  ASSERT_TRUE(MoveRep("reps/li", west, "2026-02-01", &moved).ok());
  EXPECT_EQ(moved.team(), west);
  assign.mutable_assignment()->set_first_day("2026-02-01");
  EXPECT_TRUE(stub_->CreatePlanAssignment(Ctx().get(), assign, &assignment).ok());
}

TEST_F(IncentivesPlansTest, BadInputIsRefusedNamingTheField) {
  const std::string plan = NewPlan("P");
  iv1::PlanVersion out;
  iv1::PlanVersion v = FlatVersion(50000);
  // Tiers must start at 0 and ascend.
  iv1::Commission* c = v.mutable_components(0)->mutable_commission();
  c->set_rate_ppm(0);
  c->set_tier_mode(iv1::TIER_MODE_MARGINAL);
  iv1::Tier* t = c->add_tiers();
  t->set_from_bp(0);
  t->set_rate_ppm(20000);
  t = c->add_tiers();
  t->set_from_bp(10000);
  t->set_rate_ppm(50000);
  t = c->add_tiers();
  t->set_from_bp(9000);
  t->set_rate_ppm(60000);
  EXPECT_RPC_ERROR(CreateVersion(plan, v, &out), StatusCode::INVALID_ARGUMENT,
                   "version.components[0].commission.tiers[2].from_bp");
  c->mutable_tiers(2)->set_from_bp(12000);
  c->mutable_tiers(1)->set_rate_ppm(-1);
  EXPECT_RPC_ERROR(CreateVersion(plan, v, &out), StatusCode::INVALID_ARGUMENT,
                   "version.components[0].commission.tiers[1].rate_ppm");
  c->mutable_tiers(1)->set_rate_ppm(50000);
  c->set_tier_mode(iv1::TIER_MODE_UNSPECIFIED);
  EXPECT_RPC_ERROR(CreateVersion(plan, v, &out), StatusCode::INVALID_ARGUMENT,
                   "version.components[0].commission.tier_mode");
  iv1::PlanVersion no_policy = FlatVersion(1);
  no_policy.clear_clawback_policy();
  EXPECT_RPC_ERROR(CreateVersion(plan, no_policy, &out), StatusCode::INVALID_ARGUMENT,
                   "version.clawback_policy");
  iv1::PlanVersion spiff = FlatVersion(1);
  iv1::Spiff* s = spiff.add_components()->mutable_spiff();
  spiff.mutable_components(1)->set_id("spiff");
  s->set_product("products/1");
  s->set_amount_per_unit(100);
  s->set_first_day("2026-10-10");
  s->set_last_day("2026-10-01");
  EXPECT_RPC_ERROR(CreateVersion(plan, spiff, &out), StatusCode::INVALID_ARGUMENT,
                   "version.components[1].spiff.last_day");
  EXPECT_RPC_ERROR(CreateVersion("plans/x", FlatVersion(1), &out), StatusCode::INVALID_ARGUMENT,
                   "parent");
  EXPECT_RPC_ERROR(CreateVersion("plans/999", FlatVersion(1), &out), StatusCode::NOT_FOUND,
                   "plans/999");

  ASSERT_TRUE(CreateVersion(plan, FlatVersion(1), &out).ok());
  EXPECT_RPC_ERROR(Publish(out.name(), "2026-Q4", &out), StatusCode::INVALID_ARGUMENT,
                   "effective_month");
  EXPECT_RPC_ERROR(Publish("plans/1/v/1", "2026-10", &out), StatusCode::INVALID_ARGUMENT, "name");

  iv1::GetStatementRequest get;
  iv1::Statement statement;
  get.set_rep("li");
  get.set_period("2026-10");
  EXPECT_RPC_ERROR(stub_->GetStatement(Ctx().get(), get, &statement), StatusCode::INVALID_ARGUMENT,
                   "rep");
  get.set_rep("reps/li");
  get.set_period("2026");
  EXPECT_RPC_ERROR(stub_->GetStatement(Ctx().get(), get, &statement), StatusCode::INVALID_ARGUMENT,
                   "period");
  iv1::ListStatementsRequest list;
  iv1::ListStatementsResponse listed;
  list.set_period("2026-10");
  list.set_page_size(-1);
  EXPECT_RPC_ERROR(stub_->ListStatements(Ctx().get(), list, &listed), StatusCode::INVALID_ARGUMENT,
                   "page_size");
  iv1::LockPeriodRequest lock;
  iv1::LockPeriodResponse locked;
  lock.set_period("2026-13");
  EXPECT_RPC_ERROR(stub_->LockPeriod(Ctx().get(), lock, &locked), StatusCode::INVALID_ARGUMENT,
                   "period");
  iv1::RunWhatIfRequest what_if;
  iv1::RunWhatIfResponse answer;
  what_if.set_plan_version(plan);
  what_if.set_period("2026-10");
  EXPECT_RPC_ERROR(stub_->RunWhatIf(Ctx().get(), what_if, &answer), StatusCode::INVALID_ARGUMENT,
                   "plan_version");
  iv1::CreatePlanAssignmentRequest assign;
  iv1::PlanAssignment assignment;
  assign.mutable_assignment()->set_plan(plan);
  assign.mutable_assignment()->set_assignee("customers/1");
  assign.mutable_assignment()->set_first_day("2026-10-01");
  EXPECT_RPC_ERROR(stub_->CreatePlanAssignment(Ctx().get(), assign, &assignment),
                   StatusCode::INVALID_ARGUMENT, "assignment.assignee");
}

}  // namespace
}  // namespace sales::testing
