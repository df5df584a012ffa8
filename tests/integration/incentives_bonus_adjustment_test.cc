// A late return after a quarter was locked, over gRPC against MariaDB (issue 10, statement
// gap (a)): the orders feed is served by this test so that the credits fall on known days of
// Q1 2026 (Asia/Shanghai). March, the quarter's last month, paid the quarterly bonus; a
// return that counts in March (the plan reverses in the original period) arrives after the
// lock and takes the quarter below its threshold. April's statement carries March's
// adjustment and the bonus's adjustment, both traced to the return and to March's locked
// statement; locking April accounts for the return once. Every figure is computed by hand.
#include "tests/harness/query_int.h"
#include "tests/integration/incentives_feed_fixture.h"

namespace sales::testing {
namespace {

class IncentivesBonusAdjustmentTest : public IncentivesFeedTest {
 protected:
  // 5% of revenue, and a quarterly bonus of 500.00 at 100% of the quarter's target;
  // reversals count in the original credit's period. Published from January 2026, assigned
  // to `team` since 2020.
  void PublishEastPlan(const std::string& team) {
    iv1::PlanVersion v = RevenueTerms(iv1::REVERSAL_PERIOD_ORIGINAL);
    AddFlatCommission(v, "commission", 50000);
    AddBonus(v, "quarter-bonus", iv1::BONUS_FREQUENCY_QUARTERLY, 10000, 50000);
    PublishPlan(*stub_, "East 2026", v, "2026-01", {team});
  }
};

TEST_F(IncentivesBonusAdjustmentTest, ALateReturnAfterTheQuarterIsLockedAdjustsItsBonusToo) {
  // Li: 1,000.00 on 01-15 and 2,100.00 on 03-10; Q1 target 3,000.00.
  feed_.Add(Completed("orders/A", Noon(1, 15), 100000, {{"reps/li", 10000}}));
  feed_.Add(Completed("orders/B", Noon(3, 10), 210000, {{"reps/li", 10000}}));
  const std::string east = NewTeam("East");
  NewRep("li", east, "2020-01-01");
  NewRep("zhang", east, "2020-01-01");
  NewTarget(iv1::METRIC_REVENUE, "2026-Q1", "reps/li", 300000);
  PublishEastPlan(east);
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
  feed_.Add(Returned("returns/1", "orders/B", Noon(4, 3), 20000));
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
