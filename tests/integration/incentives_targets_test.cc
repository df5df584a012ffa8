// Targets over gRPC against a real MariaDB: a company quarter split to teams by weights,
// a team's quarter over its months, a team's month to its reps by amounts; every change that
// would make children stop adding up to their parent is refused naming node, period and gap;
// and the targets of a locked period are frozen, also against an UpdateTarget that races the
// LockPeriod of its month.
#include <functional>
#include <iostream>
#include <latch>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "tests/integration/incentives_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class IncentivesTargetsTest : public IncentivesTest {
 protected:
  void SetUp() override {
    IncentivesTest::SetUp();
    if (HasFatalFailure()) return;
    east_ = NewTeam("East");
    west_ = NewTeam("West");
    east_one_ = NewTeam("East 1", east_);
    NewRep("li", east_, "2026-01-01");
    NewRep("zhang", east_, "2026-10-01");
    NewRep("wang", west_, "2026-01-01");
  }

  grpc::Status UpdateAmount(const std::string& target, int64_t amount) {
    iv1::UpdateTargetRequest req;
    req.mutable_target()->set_name(target);
    req.mutable_target()->set_amount(amount);
    req.mutable_update_mask()->add_paths("amount");
    iv1::Target out;
    return stub_->UpdateTarget(Ctx().get(), req, &out);
  }

  iv1::Target Get(const std::string& target) {
    iv1::GetTargetRequest req;
    req.set_name(target);
    iv1::Target out;
    const grpc::Status status = stub_->GetTarget(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  std::string east_, west_, east_one_;
};

TEST_F(IncentivesTargetsTest, CompanyQuarterSplitsToTeamsMonthsAndRepsExactly) {
  // 3,000,000.01 CNY for Q4 2026.
  const iv1::Target company = NewTarget(iv1::METRIC_REVENUE, "2026-Q4", "company", 300000001);
  EXPECT_EQ(company.currency_code(), "CNY");

  // East 1 : West 2. Exact shares 1,000,000.00333 and 2,000,000.00667: the fen left over
  // goes to the larger remainder, West's.
  iv1::SplitTargetResponse teams;
  ASSERT_TRUE(Split(company.name(), iv1::SPLIT_MODE_WEIGHTS,
                    {OwnerWeight(east_, 1), OwnerWeight(west_, 2)}, &teams)
                  .ok());
  EXPECT_EQ(teams.target().split_mode(), iv1::SPLIT_MODE_WEIGHTS);
  ASSERT_EQ(teams.children_size(), 2);
  const iv1::Target east_q4 = teams.children(0);
  EXPECT_EQ(east_q4.owner(), east_);
  EXPECT_EQ(east_q4.period(), "2026-Q4");
  EXPECT_EQ(east_q4.amount(), 100000000);
  EXPECT_EQ(east_q4.parent(), company.name());
  EXPECT_EQ(teams.children(1).amount(), 200000001);

  // East's quarter over its months, 30% / 30% / 40%.
  iv1::SplitTargetResponse months;
  ASSERT_TRUE(Split(east_q4.name(), iv1::SPLIT_MODE_MONTHS,
                    {Month("2026-10", 3000), Month("2026-11", 3000), Month("2026-12", 4000)},
                    &months)
                  .ok());
  ASSERT_EQ(months.children_size(), 3);
  const iv1::Target east_oct = months.children(0);
  EXPECT_EQ(east_oct.period(), "2026-10");
  EXPECT_EQ(east_oct.owner(), east_);
  EXPECT_EQ(east_oct.amount(), 30000000);
  EXPECT_EQ(months.children(2).amount(), 40000000);
  // A month is due when it ends, 2026-11-01 00:00 in Shanghai.
  EXPECT_EQ(east_oct.deadline().seconds(),
            absl::ToUnixSeconds(
                absl::FromCivil(absl::CivilSecond(2026, 10, 31, 16, 0, 0), absl::UTCTimeZone())));

  // East's October to its reps by amounts: 180,000.00 and 120,000.00.
  iv1::SplitTargetResponse reps;
  ASSERT_TRUE(Split(east_oct.name(), iv1::SPLIT_MODE_AMOUNTS,
                    {OwnerAmount("reps/li", 18000000), OwnerAmount("reps/zhang", 12000000)}, &reps)
                  .ok());
  ASSERT_EQ(reps.children_size(), 2);
  const std::string li_oct = reps.children(0).name();

  // One rep's amount alone breaks East's October.
  const grpc::Status short_by = UpdateAmount(li_oct, 17950000);
  EXPECT_EQ(short_by.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(short_by.error_message(),
            east_ + " month 2026-10: children sum 299,500.00, target 300,000.00, short by 500.00");
  // A split target's own amount cannot change alone either.
  const grpc::Status over_by = UpdateAmount(company.name(), 300000000);
  EXPECT_EQ(over_by.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(over_by.error_message(),
            "company quarter 2026-Q4: children sum 3,000,000.01, target 3,000,000.00, over by "
            "0.01");
  EXPECT_RPC_ERROR_MENTIONS(UpdateAmount(east_oct.name(), 1), StatusCode::FAILED_PRECONDITION,
                            east_ + " month 2026-10: children sum 300,000.00, target 0.01");

  // A re-split by amounts that do not add up is refused with the gap, and changes nothing.
  iv1::SplitTargetResponse ignored;
  const grpc::Status gap =
      Split(east_oct.name(), iv1::SPLIT_MODE_AMOUNTS,
            {OwnerAmount("reps/li", 18000000), OwnerAmount("reps/zhang", 11950000)}, &ignored);
  EXPECT_EQ(gap.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(gap.error_message(),
            east_ + " month 2026-10: children sum 299,500.00, target 300,000.00, short by 500.00");
  // Re-splitting the company by amounts would leave East's months short of East's quarter.
  const grpc::Status months_short =
      Split(company.name(), iv1::SPLIT_MODE_AMOUNTS,
            {OwnerAmount(east_, 150000000), OwnerAmount(west_, 150000001)}, &ignored);
  EXPECT_EQ(months_short.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(months_short.error_message(),
            east_ +
                " quarter 2026-Q4: children sum 1,000,000.00, target 1,500,000.00, short by "
                "500,000.00");

  // A re-split that keeps every sum moves money between reps.
  ASSERT_TRUE(Split(east_oct.name(), iv1::SPLIT_MODE_AMOUNTS,
                    {OwnerAmount("reps/li", 17950000), OwnerAmount("reps/zhang", 12050000)}, &reps)
                  .ok());
  EXPECT_EQ(reps.children(0).name(), li_oct);
  EXPECT_EQ(reps.children(0).amount(), 17950000);

  iv1::ListTargetsRequest list;
  list.set_parent(company.name());
  iv1::ListTargetsResponse children;
  ASSERT_TRUE(stub_->ListTargets(Ctx().get(), list, &children).ok());
  EXPECT_EQ(children.targets_size(), 2);
  list.clear_parent();
  list.set_owner(east_);
  ASSERT_TRUE(stub_->ListTargets(Ctx().get(), list, &children).ok());
  EXPECT_EQ(children.targets_size(), 4);  // the quarter and its three months
  list.set_period("2026-10");
  ASSERT_TRUE(stub_->ListTargets(Ctx().get(), list, &children).ok());
  ASSERT_EQ(children.targets_size(), 1);
  EXPECT_EQ(children.targets(0).split_mode(), iv1::SPLIT_MODE_AMOUNTS);
}

TEST_F(IncentivesTargetsTest, SplitsRefuseChildrenOutsideTheTree) {
  const iv1::Target company = NewTarget(iv1::METRIC_UNITS, "2026-10", "company", 1000);
  iv1::SplitTargetResponse out;
  // East 1 is under East, not a top-level team.
  EXPECT_RPC_ERROR(
      Split(company.name(), iv1::SPLIT_MODE_WEIGHTS, {OwnerWeight(east_one_, 1)}, &out),
      StatusCode::FAILED_PRECONDITION, "parts[0].owner");
  const iv1::Target east = NewTarget(iv1::METRIC_UNITS, "2026-10", east_, 100);
  // Wang is in West.
  EXPECT_RPC_ERROR(Split(east.name(), iv1::SPLIT_MODE_WEIGHTS,
                         {OwnerWeight("reps/li", 1), OwnerWeight("reps/wang", 1)}, &out),
                   StatusCode::FAILED_PRECONDITION, "parts[1].owner");
  EXPECT_RPC_ERROR(Split(east.name(), iv1::SPLIT_MODE_WEIGHTS, {OwnerWeight("teams/99", 1)}, &out),
                   StatusCode::NOT_FOUND, "parts[0].owner");
  // A month does not split over months.
  EXPECT_RPC_ERROR(Split(east.name(), iv1::SPLIT_MODE_MONTHS, {Month("2026-10", 10000)}, &out),
                   StatusCode::FAILED_PRECONDITION, "name");
  // East's reps and child team, units by 1:1:1 = 34, 33, 33 (ties to the earlier part).
  ASSERT_TRUE(
      Split(east.name(), iv1::SPLIT_MODE_WEIGHTS,
            {OwnerWeight("reps/li", 1), OwnerWeight("reps/zhang", 1), OwnerWeight(east_one_, 1)},
            &out)
          .ok());
  EXPECT_EQ(out.children(0).amount(), 34);
  EXPECT_EQ(out.children(1).amount(), 33);
  EXPECT_EQ(out.children(2).amount(), 33);
  EXPECT_EQ(out.children(0).currency_code(), "");
}

TEST_F(IncentivesTargetsTest, MonthDistributionMustCoverThePeriodAndAddUpTo10000) {
  const iv1::Target year = NewTarget(iv1::METRIC_GROSS_MARGIN, "2026-Q1", "company", 90000);
  iv1::SplitTargetResponse out;
  EXPECT_RPC_ERROR(
      Split(year.name(), iv1::SPLIT_MODE_MONTHS,
            {Month("2026-01", 3333), Month("2026-02", 3333), Month("2026-03", 3333)}, &out),
      StatusCode::INVALID_ARGUMENT, "parts");
  EXPECT_RPC_ERROR(Split(year.name(), iv1::SPLIT_MODE_MONTHS,
                         {Month("2026-01", 5000), Month("2026-02", 5000)}, &out),
                   StatusCode::INVALID_ARGUMENT, "parts");
  EXPECT_RPC_ERROR(Split(year.name(), iv1::SPLIT_MODE_MONTHS,
                         {Month("2026-01", 5000), Month("2026-04", 5000)}, &out),
                   StatusCode::INVALID_ARGUMENT, "parts[1].period");
  EXPECT_RPC_ERROR(Split(year.name(), iv1::SPLIT_MODE_MONTHS,
                         {Month("2026-01", 5000), Month("2026-01", 5000)}, &out),
                   StatusCode::INVALID_ARGUMENT, "parts[1].period");
}

TEST_F(IncentivesTargetsTest, SplitIsIdempotentByRequestId) {
  const iv1::Target company = NewTarget(iv1::METRIC_NEW_CUSTOMERS, "2026", "company", 10);
  iv1::SplitTargetResponse first, again;
  ASSERT_TRUE(Split(company.name(), iv1::SPLIT_MODE_WEIGHTS,
                    {OwnerWeight(east_, 1), OwnerWeight(west_, 1)}, &first, "split-2026")
                  .ok());
  ASSERT_TRUE(Split(company.name(), iv1::SPLIT_MODE_WEIGHTS,
                    {OwnerWeight(east_, 1), OwnerWeight(west_, 1)}, &again, "split-2026")
                  .ok());
  EXPECT_EQ(first.SerializeAsString(), again.SerializeAsString());
  EXPECT_RPC_ERROR(Split(company.name(), iv1::SPLIT_MODE_WEIGHTS,
                         {OwnerWeight(east_, 2), OwnerWeight(west_, 1)}, &again, "split-2026"),
                   StatusCode::INVALID_ARGUMENT, "request_id");
  // Dropping West from the split removes its target.
  ASSERT_TRUE(Split(company.name(), iv1::SPLIT_MODE_WEIGHTS, {OwnerWeight(east_, 1)}, &again).ok());
  iv1::GetTargetRequest get;
  get.set_name(first.children(1).name());
  iv1::Target gone;
  EXPECT_RPC_ERROR(stub_->GetTarget(Ctx().get(), get, &gone), StatusCode::NOT_FOUND,
                   first.children(1).name());
  EXPECT_EQ(again.children(0).name(), first.children(0).name());
  EXPECT_EQ(again.children(0).amount(), 10);
}

TEST_F(IncentivesTargetsTest, BadTargetInputIsRefusedNamingTheField) {
  NewTarget(iv1::METRIC_REVENUE, "2026-10", "company", 100);
  const auto create = [&](const std::function<void(iv1::Target&)>& change) {
    iv1::CreateTargetRequest req;
    iv1::Target* t = req.mutable_target();
    t->set_metric(iv1::METRIC_REVENUE);
    t->set_period("2026-11");
    t->set_owner("company");
    t->set_amount(100);
    *t->mutable_deadline() = Ts(kDue);
    change(*t);
    iv1::Target out;
    return stub_->CreateTarget(Ctx().get(), req, &out);
  };
  EXPECT_RPC_ERROR(create([](iv1::Target& t) { t.set_metric(iv1::METRIC_UNSPECIFIED); }),
                   StatusCode::INVALID_ARGUMENT, "target.metric");
  EXPECT_RPC_ERROR(create([](iv1::Target& t) { t.set_period("2026-W45"); }),
                   StatusCode::INVALID_ARGUMENT, "target.period");
  EXPECT_RPC_ERROR(create([](iv1::Target& t) { t.set_owner("everyone"); }),
                   StatusCode::INVALID_ARGUMENT, "target.owner");
  EXPECT_RPC_ERROR(create([](iv1::Target& t) { t.set_owner("reps/ghost"); }), StatusCode::NOT_FOUND,
                   "target.owner");
  EXPECT_RPC_ERROR(create([](iv1::Target& t) { t.set_amount(-1); }), StatusCode::INVALID_ARGUMENT,
                   "target.amount");
  EXPECT_RPC_ERROR(create([](iv1::Target& t) { t.clear_deadline(); }), StatusCode::INVALID_ARGUMENT,
                   "target.deadline");
  EXPECT_RPC_ERROR(create([](iv1::Target& t) { t.set_period("2026-10"); }),
                   StatusCode::ALREADY_EXISTS, "target.owner");
  EXPECT_TRUE(create([](iv1::Target&) {}).ok());

  iv1::SplitTargetResponse out;
  EXPECT_RPC_ERROR(Split("targets/1", iv1::SPLIT_MODE_UNSPECIFIED, {OwnerWeight(east_, 1)}, &out),
                   StatusCode::INVALID_ARGUMENT, "mode");
  EXPECT_RPC_ERROR(Split("targets/1", iv1::SPLIT_MODE_WEIGHTS, {}, &out),
                   StatusCode::INVALID_ARGUMENT, "parts");
  EXPECT_RPC_ERROR(Split("targets/1", iv1::SPLIT_MODE_WEIGHTS, {OwnerWeight("company", 1)}, &out),
                   StatusCode::INVALID_ARGUMENT, "parts[0].owner");
  EXPECT_RPC_ERROR(Split("targets/1", iv1::SPLIT_MODE_WEIGHTS,
                         {OwnerWeight(east_, 1), OwnerWeight(east_, 1)}, &out),
                   StatusCode::INVALID_ARGUMENT, "parts[1].owner");
  EXPECT_RPC_ERROR(Split("targets/1", iv1::SPLIT_MODE_WEIGHTS, {OwnerWeight(east_, 0)}, &out),
                   StatusCode::INVALID_ARGUMENT, "parts");
  EXPECT_RPC_ERROR(Split("targets/99", iv1::SPLIT_MODE_WEIGHTS, {OwnerWeight(east_, 1)}, &out),
                   StatusCode::NOT_FOUND, "targets/99");
  EXPECT_RPC_ERROR(UpdateAmount("targets/1", -5), StatusCode::INVALID_ARGUMENT, "target.amount");
}

TEST_F(IncentivesTargetsTest, ALockedPeriodsTargetsAreFrozen) {
  // Li's Q1 2026 revenue target, 3,000.00 over its months 30% / 30% / 40%: 900.00, 900.00,
  // 1,200.00. The company's Q1 units, 300 over its months 3334 / 3333 / 3333 bp: 100 each.
  const iv1::Target quarter = NewTarget(iv1::METRIC_REVENUE, "2026-Q1", "reps/li", 300000);
  iv1::SplitTargetResponse months;
  ASSERT_TRUE(Split(quarter.name(), iv1::SPLIT_MODE_MONTHS,
                    {Month("2026-01", 3000), Month("2026-02", 3000), Month("2026-03", 4000)},
                    &months)
                  .ok());
  ASSERT_EQ(months.children_size(), 3);
  const iv1::Target january = months.children(0);
  EXPECT_EQ(january.amount(), 90000);
  const iv1::Target company = NewTarget(iv1::METRIC_UNITS, "2026-Q1", "company", 300);
  iv1::SplitTargetResponse company_months;
  ASSERT_TRUE(Split(company.name(), iv1::SPLIT_MODE_MONTHS,
                    {Month("2026-01", 3334), Month("2026-02", 3333), Month("2026-03", 3333)},
                    &company_months)
                  .ok());

  // January is locked (no plan: no statement); its targets stand as they were.
  EXPECT_EQ(LockMonth(*stub_, "2026-01").statement_count(), 0);
  const grpc::Status amount = UpdateAmount(january.name(), 100000);
  EXPECT_RPC_ERROR(amount, StatusCode::FAILED_PRECONDITION, "target.amount");
  EXPECT_TRUE(absl::StrContains(amount.error_message(), "is frozen: 2026-01 is locked"))
      << amount.error_message();
  iv1::UpdateTargetRequest due;
  due.mutable_target()->set_name(january.name());
  *due.mutable_target()->mutable_deadline() = Ts(kDue + absl::Hours(24));
  due.mutable_update_mask()->add_paths("deadline");
  iv1::Target updated;
  EXPECT_RPC_ERROR(stub_->UpdateTarget(Ctx().get(), due, &updated), StatusCode::FAILED_PRECONDITION,
                   "target.deadline");
  // A re-split of the quarter that moves January's amount (20%: 600.00) is refused naming
  // January's part; no new target in January either.
  iv1::SplitTargetResponse out;
  EXPECT_RPC_ERROR(
      Split(quarter.name(), iv1::SPLIT_MODE_MONTHS,
            {Month("2026-01", 2000), Month("2026-02", 4000), Month("2026-03", 4000)}, &out),
      StatusCode::FAILED_PRECONDITION, "parts[0]");
  iv1::CreateTargetRequest create;
  create.mutable_target()->set_metric(iv1::METRIC_REVENUE);
  create.mutable_target()->set_period("2026-01");
  create.mutable_target()->set_owner("reps/wang");
  create.mutable_target()->set_amount(100);
  *create.mutable_target()->mutable_deadline() = Ts(kDue);
  const grpc::Status created = stub_->CreateTarget(Ctx().get(), create, &updated);
  EXPECT_RPC_ERROR(created, StatusCode::FAILED_PRECONDITION, "target.period");
  EXPECT_TRUE(absl::StrContains(created.error_message(), "2026-01 is locked"))
      << created.error_message();
  // Re-splitting the company's quarter to teams would drop its locked January child.
  EXPECT_RPC_ERROR(Split(company.name(), iv1::SPLIT_MODE_WEIGHTS,
                         {OwnerWeight(east_, 1), OwnerWeight(west_, 1)}, &out),
                   StatusCode::FAILED_PRECONDITION, "parts");
  // The quarter is not closed yet: a re-split that keeps January's 900.00 goes through,
  // 30% / 20% / 50%: 900.00, 600.00, 1,500.00.
  ASSERT_TRUE(Split(quarter.name(), iv1::SPLIT_MODE_MONTHS,
                    {Month("2026-01", 3000), Month("2026-02", 2000), Month("2026-03", 5000)}, &out)
                  .ok());
  ASSERT_EQ(out.children_size(), 3);
  EXPECT_EQ(out.children(0).name(), january.name());
  EXPECT_EQ(out.children(0).amount(), 90000);
  EXPECT_EQ(out.children(1).amount(), 60000);
  EXPECT_EQ(out.children(2).amount(), 150000);

  // February and March locked: the quarter closed with March, so its target is frozen too.
  LockMonth(*stub_, "2026-02");
  LockMonth(*stub_, "2026-03");
  const grpc::Status closed = UpdateAmount(quarter.name(), 310000);
  EXPECT_RPC_ERROR(closed, StatusCode::FAILED_PRECONDITION, "target.amount");
  EXPECT_TRUE(absl::StrContains(closed.error_message(),
                                "is frozen: 2026-Q1 closed when its last month 2026-03 was locked"))
      << closed.error_message();
  EXPECT_RPC_ERROR(
      Split(quarter.name(), iv1::SPLIT_MODE_MONTHS,
            {Month("2026-01", 3000), Month("2026-02", 3000), Month("2026-03", 4000)}, &out),
      StatusCode::FAILED_PRECONDITION, "name");
  EXPECT_EQ(Get(quarter.name()).amount(), 300000);
  EXPECT_EQ(Get(january.name()).amount(), 90000);
  EXPECT_EQ(Get(january.name()).deadline().seconds(), january.deadline().seconds());
  // An open period's target still changes.
  const iv1::Target april = NewTarget(iv1::METRIC_REVENUE, "2026-04", "reps/li", 100000);
  EXPECT_TRUE(UpdateAmount(april.name(), 110000).ok());
}

TEST_F(IncentivesTargetsTest, ATargetUpdatedWhileItsMonthLocksIsInTheLockOrRefused) {
  // Li on a plan, so that each locked month stores Li's statement with the target it was
  // priced against; a revenue target of 1,000.00 for each month of 2026 and 2027.
  iv1::PlanVersion terms = RevenueTerms();
  AddFlatCommission(terms, "commission", 10000);
  PublishPlan(*stub_, "Field sales", terms, "2026-01", {east_});
  constexpr int kMonths = 24;
  constexpr int64_t kAmount = 100000;
  int updated = 0;
  int refused = 0;
  for (int i = 0; i < kMonths; ++i) {
    const std::string month = absl::StrFormat("%04d-%02d", 2026 + i / 12, i % 12 + 1);
    const iv1::Target target = NewTarget(iv1::METRIC_REVENUE, month, "reps/li", kAmount);
    // The update and the lock of its month at once, the update started from 1 ms before to
    // 1 ms after the lock, so that both orders and the overlaps between happen.
    const absl::Duration update_after = absl::Microseconds(250 * (i % 9) - 1000);
    std::latch start(2);
    grpc::Status update;
    std::thread updater([&] {
      start.arrive_and_wait();
      if (update_after > absl::ZeroDuration()) absl::SleepFor(update_after);
      update = UpdateAmount(target.name(), kAmount + 1 + i);
    });
    start.arrive_and_wait();
    if (update_after < absl::ZeroDuration()) absl::SleepFor(-update_after);
    iv1::LockPeriodRequest lock_req;
    lock_req.set_period(month);
    iv1::LockPeriodResponse locked;
    const grpc::Status lock = stub_->LockPeriod(Ctx().get(), lock_req, &locked);
    updater.join();
    ASSERT_TRUE(lock.ok()) << month << ": " << lock.error_message();
    // Either the update committed before the lock read the targets (the lock priced the new
    // amount), or it came after and was refused (the old amount stands, as locked).
    if (update.ok()) {
      ++updated;
    } else {
      ++refused;
      EXPECT_EQ(update.error_code(), StatusCode::FAILED_PRECONDITION)
          << month << ": " << update.error_message();
      EXPECT_TRUE(absl::StrContains(update.error_message(), month + " is locked"))
          << update.error_message();
    }
    const int64_t stored = Get(target.name()).amount();
    EXPECT_EQ(stored, update.ok() ? kAmount + 1 + i : kAmount) << month;
    EXPECT_EQ(GetStatement(*stub_, "reps/li", month).target(), stored)
        << month << ": the locked statement was priced against another amount than the "
        << "month's target (update " << (update.ok() ? "committed" : "refused") << ")";
  }
  std::cout << "updates committed before the lock: " << updated << ", refused: " << refused << "\n";
}

}  // namespace
}  // namespace sales::testing
