// A reversal under a plan version whose reversal period differs from the version that paid
// the credit (issue 10), over gRPC against MariaDB, from a fake orders feed (known days of
// 2026, Asia/Shanghai). The rule: the policy of the version that paid the original credit
// (the version in force for the rep's plan in that credit's month) decides where the
// reversal counts, so that a clawback reverses what was paid, once. Before, each month
// asked its own version: a credit paid under "original" and reversed under "return" was
// clawed back twice, one paid under "return" and reversed under "original" never.
// Every figure is computed by hand in the comments.
#include "tests/integration/incentives_feed_fixture.h"

namespace sales::testing {
namespace {

class IncentivesReversalPolicyTest : public IncentivesFeedTest {
 protected:
  // A plan paying 5% of revenue, version 1 from January 2026 with reversals counted per
  // `first`, version 2 from February with `second`; assigned to `team` since 2020.
  PublishedPlan TwoVersions(const std::string& name, iv1::ReversalPeriod first,
                            iv1::ReversalPeriod second, const std::string& team) {
    iv1::PlanVersion v1 = RevenueTerms(first);
    AddFlatCommission(v1, "commission", 50000);
    PublishedPlan plan = PublishPlan(*stub_, name, v1, "2026-01", {team});
    iv1::CreatePlanVersionRequest req;
    req.set_parent(plan.plan);
    *req.mutable_version() = RevenueTerms(second);
    AddFlatCommission(*req.mutable_version(), "commission", 50000);
    iv1::PlanVersion created;
    grpc::Status status = stub_->CreatePlanVersion(Ctx().get(), req, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    iv1::PublishPlanVersionRequest publish;
    publish.set_name(created.name());
    publish.set_effective_month("2026-02");
    status = stub_->PublishPlanVersion(Ctx().get(), publish, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return plan;
  }
};

TEST_F(IncentivesReversalPolicyTest, TheVersionThatPaidTheCreditDecidesWhereItsReversalCounts) {
  // Li (East) is paid by a plan whose version 1 counts reversals in the original credit's
  // period and version 2 in the return's; Wu (West) by one the other way round.
  const std::string east = NewTeam("East");
  const std::string west = NewTeam("West");
  NewRep("li", east, "2020-01-01");
  NewRep("wu", west, "2020-01-01");
  const PublishedPlan original_first = TwoVersions(
      "Original, then return", iv1::REVERSAL_PERIOD_ORIGINAL, iv1::REVERSAL_PERIOD_RETURN, east);
  const PublishedPlan return_first = TwoVersions(
      "Return, then original", iv1::REVERSAL_PERIOD_RETURN, iv1::REVERSAL_PERIOD_ORIGINAL, west);
  if (HasFailure()) return;

  // Each sells 1,000.00 on 01-15 (paid by version 1) and 400.00 on 02-20; 200.00 of the
  // January order comes back on 02-10, when version 2 is in force.
  feed_.Add(Completed("orders/A", Noon(1, 15), 100000, {{"reps/li", 10000}}));
  feed_.Add(Completed("orders/B", Noon(1, 15), 100000, {{"reps/wu", 10000}}));
  feed_.Add(Returned("returns/1", "orders/A", Noon(2, 10), 20000));
  feed_.Add(Returned("returns/2", "orders/B", Noon(2, 10), 20000));
  feed_.Add(Completed("orders/C", Noon(2, 20), 40000, {{"reps/li", 10000}}));
  feed_.Add(Completed("orders/D", Noon(2, 20), 40000, {{"reps/wu", 10000}}));
  AwaitFeed();

  // Li: version 1 paid order A and counts its reversal in January.
  //   January: 5% of (1,000.00 - 200.00) = 40.00, the sale and its reversal in the trace.
  //   February: 5% of 400.00 = 20.00 (version 2 does not take the reversal again; before,
  //   it did: 5% of 200.00 = 10.00, the clawback twice).
  const iv1::Statement li_january = Statement("reps/li", "2026-01");
  EXPECT_EQ(li_january.plan_version(), original_first.plan + "/versions/1");
  EXPECT_EQ(li_january.achieved(), 80000);
  EXPECT_EQ(Amounts(li_january), std::vector<int64_t>{4000});
  ASSERT_EQ(li_january.lines_size(), 1);
  EXPECT_EQ(li_january.lines(0).credits_size(), 2);
  const iv1::Statement li_february = Statement("reps/li", "2026-02");
  EXPECT_EQ(li_february.plan_version(), original_first.plan + "/versions/2");
  EXPECT_EQ(li_february.achieved(), 40000);
  EXPECT_EQ(Amounts(li_february), std::vector<int64_t>{2000});
  ASSERT_EQ(li_february.lines_size(), 1);
  ASSERT_EQ(li_february.lines(0).credits_size(), 1);
  EXPECT_EQ(li_february.lines(0).credits(0).order(), "orders/C");

  // Wu: version 1 paid order B and counts its reversal where it happens, in February.
  //   January: 5% of 1,000.00 = 50.00.
  //   February: 5% of (400.00 - 200.00) = 10.00 (before: 20.00, the clawback lost, since
  //   January's version put it in February and February's put it in January).
  const iv1::Statement wu_january = Statement("reps/wu", "2026-01");
  EXPECT_EQ(wu_january.plan_version(), return_first.plan + "/versions/1");
  EXPECT_EQ(Amounts(wu_january), std::vector<int64_t>{5000});
  const iv1::Statement wu_february = Statement("reps/wu", "2026-02");
  EXPECT_EQ(wu_february.plan_version(), return_first.plan + "/versions/2");
  EXPECT_EQ(wu_february.achieved(), 20000);
  EXPECT_EQ(Amounts(wu_february), std::vector<int64_t>{1000});
  ASSERT_EQ(wu_february.lines_size(), 1);
  EXPECT_EQ(wu_february.lines(0).credits_size(), 2);
  // Over both months each pays 5% of 1,200.00 = 60.00: every clawback counted once.

  // Locking stores the same: January 40.00 + 50.00 = 90.00, February 20.00 + 10.00 = 30.00.
  Lock("2026-01", 9000);
  Lock("2026-02", 3000);

  // Two late returns on 03-05, 100.00 of each January order, while March is open.
  //   Li: version 1 counts it in January, which is locked: March gets the adjustment,
  //   January's earnings 40.00 -> 35.00: -5.00; March's own commission is on nothing.
  //   Wu: version 1 counts it in March: 5% of -100.00 = -5.00, no adjustment.
  feed_.Add(Returned("returns/3", "orders/A", Noon(3, 5), 10000));
  feed_.Add(Returned("returns/4", "orders/B", Noon(3, 5), 10000));
  AwaitFeed();
  const iv1::Statement li_march = Statement("reps/li", "2026-03");
  EXPECT_EQ(Amounts(li_march), (std::vector<int64_t>{0, -500}));
  ASSERT_EQ(li_march.lines_size(), 2);
  EXPECT_EQ(li_march.lines(1).kind(), iv1::LINE_KIND_ADJUSTMENT);
  EXPECT_EQ(li_march.lines(1).adjusts(), "reps/li/statements/2026-01");
  EXPECT_EQ(li_march.total(), -500);
  const iv1::Statement wu_march = Statement("reps/wu", "2026-03");
  EXPECT_EQ(Amounts(wu_march), std::vector<int64_t>{-500});
  EXPECT_EQ(wu_march.achieved(), -10000);
  EXPECT_EQ(wu_march.total(), -500);
  // The locked months stand as they were.
  EXPECT_EQ(Statement("reps/li", "2026-01").total(), 4000);
  EXPECT_EQ(Statement("reps/wu", "2026-02").total(), 1000);
}

}  // namespace
}  // namespace sales::testing
