// Incentives end to end over gRPC: customers, orders and incentives servers, each on its own
// schema. Two teams under a parent, three reps with revenue targets, a plan with marginal
// tiers (an accelerator above 100%) and a bonus at 100%; four orders completed and credited
// with splits, one of them partly returned after completion. Once the feed has applied them,
// every rep's statement and the revenue and attainment leaderboards are exactly as computed
// by hand below.
#include "tests/integration/incentives_orders_fixture.h"

namespace sales::testing {
namespace {

class IncentivesEndToEndTest : public IncentivesOrdersTest {
 protected:
  // The lines as (kind, tier, base, amount).
  static std::vector<std::tuple<iv1::LineKind, int, int64_t, int64_t>> Lines(
      const iv1::Statement& s) {
    std::vector<std::tuple<iv1::LineKind, int, int64_t, int64_t>> out;
    for (const iv1::StatementLine& l : s.lines()) {
      out.emplace_back(l.kind(), l.tier(), l.base(), l.amount());
    }
    return out;
  }

  // The orders behind a line's base, with each one's part (a reversal as its own entry).
  static std::vector<std::pair<std::string, int64_t>> Trace(const iv1::StatementLine& l) {
    std::vector<std::pair<std::string, int64_t>> out;
    for (const iv1::LineCredit& c : l.credits()) out.emplace_back(c.order(), c.base());
    return out;
  }
};

TEST_F(IncentivesEndToEndTest, StatementsAndLeaderboardsOfSplitOrdersWithAReturnAreAsByHand) {
  const std::string sales = NewTeam("Sales");
  const std::string north = NewTeam("North", sales);
  const std::string south = NewTeam("South", sales);
  NewRep("li", "Li Na", north);
  NewRep("zhang", "Zhang Wei", north);
  NewRep("wang", "Wang Fang", south);
  RevenueTarget("reps/li", 100000);    // 1,000.00
  RevenueTarget("reps/zhang", 35000);  //   350.00
  RevenueTarget("reps/wang", 80000);   //   800.00

  // Plan: commission on revenue, marginal tiers 4% up to 100% of target, 8% above; a
  // monthly bonus of 50.00 at 100%. A reversal lowers attainment and base, in the return's
  // month. Assigned to both teams since 2020.
  iv1::PlanVersion terms = RevenueTerms();
  AddTieredCommission(terms, "commission", iv1::TIER_MODE_MARGINAL, {{0, 40000}, {10000, 80000}});
  AddBonus(terms, "bonus", iv1::BONUS_FREQUENCY_MONTHLY, 10000, 5000);
  const iv1::PlanVersion version =
      PublishPlanFromThisMonth(terms, {north, south}, "Field sales").version;
  if (HasFailure()) return;

  // Tea at 100.00 (cost 60.00), cups at 250.00 (cost 150.00); no tax, no discount.
  const std::string tea = StockedProduct("E2E-TEA", 10000, 6000, "tea");
  const std::string cups = StockedProduct("E2E-CUPS", 25000, 15000, "cups");
  // O1: 6 tea = 600.00, Li 50% / Zhang 50%: Li 300.00, Zhang 300.00.
  const ov1::Order o1 = CompletedOrder(tea, 6, {{"reps/li", 5000}, {"reps/zhang", 5000}});
  // O2: 4 cups = 1,000.00, all Li's.
  const ov1::Order o2 = CompletedOrder(cups, 4, {{"reps/li", 10000}});
  // O3: 3 tea = 300.00, Zhang 30% / Wang 70%: Zhang 90.00, Wang 210.00.
  const ov1::Order o3 = CompletedOrder(tea, 3, {{"reps/zhang", 3000}, {"reps/wang", 7000}});
  // O4: 2 cups = 500.00, all Wang's.
  const ov1::Order o4 = CompletedOrder(cups, 2, {{"reps/wang", 10000}});
  // One tea of O1 comes back after completion: 100.00 reversed by O1's split, Li -50.00
  // and Zhang -50.00, each reversal pointing to the credit it reverses.
  ReturnUnits(o1.name(), 1);
  // 2 + 1 + 2 + 1 credits and 2 reversals.
  WaitForCredits(8);
  if (HasFatalFailure()) return;
  // Company: 600.00 + 1,000.00 + 300.00 + 500.00 - 100.00 = 2,300.00.
  EXPECT_EQ(CompanyTotals().revenue(), 230000);

  // Li: achieved 300.00 + 1,000.00 - 50.00 = 1,250.00 of 1,000.00 = 125.00% (12500 bp).
  //   tier 1: the band up to 100% of target, 1,000.00 at 4% = 40.00
  //   tier 2: the 250.00 above it at 8% = 20.00
  //   bonus: 125% reaches 100%: 50.00
  //   total 40.00 + 20.00 + 50.00 = 110.00
  const iv1::Statement li = Statement("reps/li");
  EXPECT_EQ(li.plan_version(), version.name());
  EXPECT_EQ(li.target(), 100000);
  EXPECT_EQ(li.achieved(), 125000);
  EXPECT_EQ(li.attainment_bp(), 12500);
  using L = std::tuple<iv1::LineKind, int, int64_t, int64_t>;
  EXPECT_EQ(Lines(li), (std::vector<L>{{iv1::LINE_KIND_COMMISSION, 1, 100000, 4000},
                                       {iv1::LINE_KIND_COMMISSION, 2, 25000, 2000},
                                       {iv1::LINE_KIND_BONUS, 1, 12500, 5000}}));
  EXPECT_EQ(li.total(), 11000);
  ASSERT_GE(li.lines_size(), 1);
  // The commission's trace: O1's half, O2, and the reversal of O1's half of one tea.
  EXPECT_EQ(Trace(li.lines(0)), (std::vector<std::pair<std::string, int64_t>>{
                                    {o1.name(), 30000}, {o2.name(), 100000}, {o1.name(), -5000}}));
  EXPECT_FALSE(li.lines(0).credits(2).reverses().empty());
  EXPECT_EQ(li.lines(0).credits(2).reverses(), li.lines(0).credits(0).credit());

  // Zhang: achieved 300.00 + 90.00 - 50.00 = 340.00 of 350.00 = 97.14% (34000 / 35000 =
  // 0.971428..., 9714 bp rounded down). The return takes Zhang below 100% (390.00 before
  // it): no tier 2, no bonus.
  //   tier 1: 340.00 at 4% = 13.60; total 13.60
  const iv1::Statement zhang = Statement("reps/zhang");
  EXPECT_EQ(zhang.achieved(), 34000);
  EXPECT_EQ(zhang.attainment_bp(), 9714);
  EXPECT_EQ(Lines(zhang), (std::vector<L>{{iv1::LINE_KIND_COMMISSION, 1, 34000, 1360}}));
  EXPECT_EQ(zhang.total(), 1360);
  ASSERT_EQ(zhang.lines_size(), 1);
  EXPECT_EQ(Trace(zhang.lines(0)), (std::vector<std::pair<std::string, int64_t>>{
                                       {o1.name(), 30000}, {o3.name(), 9000}, {o1.name(), -5000}}));

  // Wang: achieved 210.00 + 500.00 = 710.00 of 800.00 = 88.75% (8875 bp).
  //   tier 1: 710.00 at 4% = 28.40; total 28.40
  const iv1::Statement wang = Statement("reps/wang");
  EXPECT_EQ(wang.achieved(), 71000);
  EXPECT_EQ(wang.attainment_bp(), 8875);
  EXPECT_EQ(Lines(wang), (std::vector<L>{{iv1::LINE_KIND_COMMISSION, 1, 71000, 2840}}));
  EXPECT_EQ(wang.total(), 2840);

  // Revenue board of the whole tree: Li 1,250.00, Wang 710.00, Zhang 340.00.
  const iv1::Leaderboard revenue = Board(iv1::LEADERBOARD_MEASURE_REVENUE, sales);
  EXPECT_EQ(revenue.total_reps(), 3);
  ASSERT_EQ(revenue.rows_size(), 3);
  const std::vector<std::tuple<std::string, int, int64_t, std::string>> expected_revenue = {
      {"reps/li", 1, 125000, north},
      {"reps/wang", 2, 71000, south},
      {"reps/zhang", 3, 34000, north}};
  for (int i = 0; i < 3; ++i) {
    const iv1::LeaderboardRow& row = revenue.rows(i);
    EXPECT_EQ(std::make_tuple(row.rep(), row.rank(), row.figure(), row.team()),
              expected_revenue[i]);
    EXPECT_FALSE(row.tied());
  }
  EXPECT_EQ(revenue.currency_code(), "CNY");

  // Attainment board: Li 12500 bp, Zhang 9714 (rounded half away from zero: 9714.28...),
  // Wang 8875; the return put Zhang below Li but still above Wang.
  const iv1::Leaderboard attainment = Board(iv1::LEADERBOARD_MEASURE_ATTAINMENT, sales);
  ASSERT_EQ(attainment.rows_size(), 3);
  const std::vector<std::tuple<std::string, int, int64_t, int64_t, int64_t>> expected_attainment = {
      {"reps/li", 1, 12500, 125000, 100000},
      {"reps/zhang", 2, 9714, 34000, 35000},
      {"reps/wang", 3, 8875, 71000, 80000}};
  for (int i = 0; i < 3; ++i) {
    const iv1::LeaderboardRow& row = attainment.rows(i);
    EXPECT_EQ(
        std::make_tuple(row.rep(), row.rank(), row.figure(), row.actual(), row.target_amount()),
        expected_attainment[i]);
  }

  // North's board holds its two reps only: Li, then Zhang.
  const iv1::Leaderboard north_board = Board(iv1::LEADERBOARD_MEASURE_REVENUE, north);
  ASSERT_EQ(north_board.rows_size(), 2);
  EXPECT_EQ(north_board.rows(0).rep(), "reps/li");
  EXPECT_EQ(north_board.rows(1).rep(), "reps/zhang");
  // North's credited revenue is its reps' sum: 1,250.00 + 340.00 = 1,590.00.
  EXPECT_EQ(Totals(north).revenue(), 159000);
}

}  // namespace
}  // namespace sales::testing
