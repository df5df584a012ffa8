// Credits end to end over gRPC: customers, orders and incentives servers, each on its own
// schema. Orders are completed and one is partly returned; incentives follows the orders
// feed and credits each rep by the order's split, reverses the returned part split the same
// way, keeps the credit of a rep it does not know as unassigned, and totals rep, team and
// company. A replay of the whole feed changes nothing.
#include "common/db/transaction.h"
#include "tests/harness/query_int.h"
#include "tests/harness/rpc_error.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/incentives_orders_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class IncentivesCreditsTest : public IncentivesOrdersTest {
 protected:
  static void ExpectAmounts(const iv1::Credit& c, int64_t revenue, int64_t margin, int64_t units) {
    EXPECT_EQ(c.revenue(), revenue) << c.ShortDebugString();
    EXPECT_EQ(c.gross_margin(), margin) << c.ShortDebugString();
    EXPECT_EQ(c.units(), units) << c.ShortDebugString();
  }
  static void ExpectTotals(const iv1::CreditTotals& t, int64_t revenue, int64_t margin,
                           int64_t units) {
    EXPECT_EQ(t.revenue(), revenue) << t.ShortDebugString();
    EXPECT_EQ(t.gross_margin(), margin) << t.ShortDebugString();
    EXPECT_EQ(t.units(), units) << t.ShortDebugString();
  }
};

TEST_F(IncentivesCreditsTest, CompletedOrdersCreditRepsAndAReturnIsClawedBackExactlyOnce) {
  const std::string east = EastWithReps();
  if (HasFailure()) return;

  // Order 1: 3 units at 100.00 (cost 60.00), Li 60% and Zhang 40%: net 300.00, margin
  // 120.00. Li 180.00 / 72.00 / 1.8 units -> 2 (the larger remainder), Zhang 120.00 / 48.00
  // / 1.
  const ov1::Order first = CompletedOrder(StockedProduct("C-1", 10000, 6000), 3,
                                          {{"reps/li", 6000}, {"reps/zhang", 4000}});
  // Order 2: 1 unit at 100.00 (cost 60.00) for a rep incentives does not know.
  const ov1::Order second =
      CompletedOrder(StockedProduct("C-2", 10000, 6000), 1, {{"reps/ghost", 10000}});
  // One unit of order 1 comes back: 100.00 net, 40.00 margin, 1 unit, split 60/40 again:
  // Li -60.00 / -24.00 / -1 (0.6 unit, the larger remainder), Zhang -40.00 / -16.00 / 0.
  const std::string ret = ReturnUnits(first.name(), 1);

  WaitForCredits(5);
  if (HasFatalFailure()) return;

  const std::vector<iv1::Credit> li =
      Credits([](iv1::ListCreditsRequest& r) { r.set_rep("reps/li"); });
  ASSERT_EQ(li.size(), 2u);
  ExpectAmounts(li[0], 18000, 7200, 2);
  EXPECT_EQ(li[0].order(), first.name());
  EXPECT_EQ(li[0].cause(), first.name());
  EXPECT_EQ(li[0].kind(), iv1::CREDIT_KIND_REVENUE);
  EXPECT_EQ(li[0].share_bp(), 6000);
  EXPECT_EQ(li[0].team(), east);
  EXPECT_EQ(li[0].reverses(), "");
  ExpectAmounts(li[1], -6000, -2400, -1);
  EXPECT_EQ(li[1].reverses(), li[0].name());
  EXPECT_EQ(li[1].cause(), ret);
  EXPECT_EQ(li[1].original_day(), li[0].day());

  const std::vector<iv1::Credit> zhang =
      Credits([](iv1::ListCreditsRequest& r) { r.set_rep("reps/zhang"); });
  ASSERT_EQ(zhang.size(), 2u);
  ExpectAmounts(zhang[0], 12000, 4800, 1);
  ExpectAmounts(zhang[1], -4000, -1600, 0);
  EXPECT_EQ(zhang[1].reverses(), zhang[0].name());

  const std::vector<iv1::Credit> team =
      Credits([&](iv1::ListCreditsRequest& r) { r.set_team(east); });
  EXPECT_EQ(team.size(), 4u);

  // The unknown rep's credit is kept, listed as unassigned.
  const std::vector<iv1::Credit> unassigned =
      Credits([](iv1::ListCreditsRequest& r) { r.set_unassigned(true); });
  ASSERT_EQ(unassigned.size(), 1u);
  EXPECT_EQ(unassigned[0].rep(), "reps/ghost");
  EXPECT_EQ(unassigned[0].order(), second.name());
  EXPECT_EQ(unassigned[0].team(), "");
  ExpectAmounts(unassigned[0], 10000, 4000, 1);

  ExpectTotals(Totals("reps/li"), 12000, 4800, 1);
  ExpectTotals(Totals("reps/zhang"), 8000, 3200, 1);
  ExpectTotals(Totals(east), 20000, 8000, 2);
  ExpectTotals(Totals("company"), 30000, 12000, 3);

  // Replay the whole feed from the start: every event comes again and changes nothing.
  incentives_.reset();
  incentives_server_.reset();
  const int64_t position =
      QueryInt(IncentivesDb(), "SELECT position FROM consumer_checkpoints WHERE source = 'orders'");
  ASSERT_GT(position, 0);
  ASSERT_TRUE(db::RunInTransaction(IncentivesDb(), absl::Now() + absl::Seconds(10),
                                   [](db::Transaction& tx) {
                                     tx.Exec("UPDATE consumer_checkpoints SET position = 0");
                                     return absl::OkStatus();
                                   })
                  .ok());
  StartIncentives();
  if (HasFatalFailure()) return;
  ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
    return QueryInt(IncentivesDb(),
                    "SELECT position FROM consumer_checkpoints WHERE source = 'orders'") >=
           position;
  }));
  EXPECT_EQ(CreditCount(), 5);
  ExpectTotals(Totals("company"), 30000, 12000, 3);
  ExpectTotals(Totals("reps/li"), 12000, 4800, 1);
}

TEST_F(IncentivesCreditsTest, AReturnBeforeCompletionIsClawedBackWhenTheOrderCompletes) {
  // 2 units at 50.00 (cost 20.00), half each: credited 50.00 / 30.00 / 1 unit each.
  const ov1::Order order =
      DeliveredOrder(StockedProduct("P-1", 5000, 2000), 2, {{"reps/a", 5000}, {"reps/b", 5000}});
  // One unit comes back while the order is only delivered: nothing is credited yet.
  const std::string ret = ReturnUnits(order.name(), 1);
  ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
    return QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM order_returns") == 1;
  }));
  EXPECT_EQ(CreditCount(), 0);

  // At completion the order is credited and the earlier return reversed at once: 50.00 /
  // 30.00 / 1 unit back, split half and half (the odd unit to the first rep).
  Complete(order.name());
  WaitForCredits(4);
  if (HasFatalFailure()) return;
  const std::vector<iv1::Credit> a =
      Credits([](iv1::ListCreditsRequest& r) { r.set_rep("reps/a"); });
  ASSERT_EQ(a.size(), 2u);
  ExpectAmounts(a[0], 5000, 3000, 1);
  ExpectAmounts(a[1], -2500, -1500, -1);
  EXPECT_EQ(a[1].cause(), ret);
  EXPECT_EQ(a[1].reverses(), a[0].name());
  EXPECT_EQ(a[1].day(), a[0].day());  // never before the credit it takes back
  ExpectTotals(Totals("reps/b"), 2500, 1500, 1);
  ExpectTotals(Totals("company"), 5000, 3000, 1);
}

TEST_F(IncentivesCreditsTest, BadCreditQueriesAreRefusedNamingTheField) {
  iv1::ListCreditsRequest list;
  iv1::ListCreditsResponse listed;
  list.set_rep("reps/li");
  EXPECT_RPC_ERROR(incentives_->ListCredits(Ctx().get(), list, &listed),
                   StatusCode::INVALID_ARGUMENT, "period");
  list.set_period(period_);
  list.set_unassigned(true);
  EXPECT_RPC_ERROR(incentives_->ListCredits(Ctx().get(), list, &listed),
                   StatusCode::INVALID_ARGUMENT, "rep");
  list.clear_unassigned();
  list.set_rep("li");
  EXPECT_RPC_ERROR(incentives_->ListCredits(Ctx().get(), list, &listed),
                   StatusCode::INVALID_ARGUMENT, "rep");
  iv1::GetCreditTotalsRequest totals;
  iv1::CreditTotals out;
  totals.set_owner("teams/42");
  totals.set_period(period_);
  EXPECT_RPC_ERROR(incentives_->GetCreditTotals(Ctx().get(), totals, &out), StatusCode::NOT_FOUND,
                   "teams/42");
  totals.set_owner("everyone");
  EXPECT_RPC_ERROR(incentives_->GetCreditTotals(Ctx().get(), totals, &out),
                   StatusCode::INVALID_ARGUMENT, "owner");
}

}  // namespace
}  // namespace sales::testing
