#include "services/incentives/src/domain/attainment.h"

#include <gtest/gtest.h>

namespace sales::incentives::domain {
namespace {

absl::CivilDay D(int m, int d) { return absl::CivilDay(2026, m, d); }
const Period kOctober{PeriodKind::kMonth, 2026, 10};

TEST(AttainmentTest, RatioIsBasisPointsRoundedHalfAwayFromZero) {
  EXPECT_EQ(RatioBp(1, 3), 3333);     // 3333.33
  EXPECT_EQ(RatioBp(2, 3), 6667);     // 6666.67
  EXPECT_EQ(RatioBp(1, 20000), 1);    // 0.5 rounds up
  EXPECT_EQ(RatioBp(-1, 20000), -1);  // -0.5 rounds away from zero
  EXPECT_EQ(RatioBp(3, 80000), 0);    // 0.375
  EXPECT_EQ(RatioBp(12000, 10000), 12000);
  // Exact with amounts whose product overflows 64 bits.
  EXPECT_EQ(RatioBp(int64_t{4'000'000'000'000'000'000}, int64_t{2'000'000'000'000'000'000}), 20000);
  EXPECT_EQ(RoundedRatio(7, 31, 2), 109);  // 108.5 -> 109
}

TEST(AttainmentTest, RatiosCompareExactly) {
  EXPECT_EQ(CompareRatios(1, 3, 3333, 10000), 1);
  EXPECT_EQ(CompareRatios(2, 4, 1, 2), 0);
  EXPECT_EQ(CompareRatios(-1, 2, 0, 1), -1);
}

TEST(AttainmentTest, FiguresWithGapAndLinearPace) {
  // 10 days of 31 elapsed (today, the 10th, counts): 3,000.00 against 10,000.00.
  const AttainmentFigures f = ComputeAttainment(300000, 1000000, kOctober, D(10, 10));
  EXPECT_EQ(f.attainment_bp, 3000);
  EXPECT_EQ(f.gap, 700000);
  EXPECT_EQ(f.clock.period_days, 31);
  EXPECT_EQ(f.clock.days_elapsed, 10);
  EXPECT_EQ(f.clock.days_remaining, 21);
  EXPECT_EQ(f.projected, 930000);  // 300000 / 10 * 31
  EXPECT_EQ(f.projected_bp, 9300);
  EXPECT_TRUE(f.has_ratio);
}

TEST(AttainmentTest, BeforeAndAfterThePeriodAndWithoutTarget) {
  const AttainmentFigures before = ComputeAttainment(0, 100, kOctober, D(9, 30));
  EXPECT_EQ(before.clock.days_elapsed, 0);
  EXPECT_EQ(before.clock.days_remaining, 31);
  EXPECT_EQ(before.projected, 0);
  const AttainmentFigures after = ComputeAttainment(150, 100, kOctober, D(11, 1));
  EXPECT_EQ(after.clock.days_elapsed, 31);
  EXPECT_EQ(after.clock.days_remaining, 0);
  EXPECT_EQ(after.projected, 150);
  EXPECT_EQ(after.attainment_bp, 15000);
  EXPECT_EQ(after.gap, -50);  // over the target
  const AttainmentFigures none = ComputeAttainment(150, std::nullopt, kOctober, D(10, 31));
  EXPECT_FALSE(none.has_target);
  EXPECT_FALSE(none.has_ratio);
  EXPECT_EQ(none.gap, 0);
  const AttainmentFigures zero = ComputeAttainment(150, 0, kOctober, D(10, 31));
  EXPECT_TRUE(zero.has_target);
  EXPECT_FALSE(zero.has_ratio);
  EXPECT_EQ(zero.gap, -150);
}

TEST(AttainmentTest, NewCustomersAreRefusedNamingTheField) {
  EXPECT_TRUE(CheckAttainmentMetric("metric", Metric::kUnits).ok());
  const absl::Status status = CheckAttainmentMetric("metric", Metric::kNewCustomers);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message().substr(0, 7), "metric:");
}

// Teams: 1 (top) with children 2 and 3. Li is in 2 until 10-15 and in 3 from 10-16.
class TallyTest : public ::testing::Test {
 protected:
  const std::vector<std::pair<int64_t, int64_t>> parents_{{1, 0}, {2, 1}, {3, 1}, {4, 0}};
  const std::map<std::string, std::vector<MembershipSpan>> spans_{
      {"li", {{1, 2, D(1, 1), D(10, 16)}, {2, 3, D(10, 16), kOpenEnd}}},
      {"wang", {{3, 4, D(1, 1), kOpenEnd}}}};
};

TEST_F(TallyTest, AMidPeriodMoveCountsEachCreditForTheTeamOfItsDay) {
  const std::vector<DayCredit> credits{
      {"li", D(10, 15), CreditKind::kRevenue, {1000, 400, 2}, 1},
      {"li", D(10, 16), CreditKind::kRevenue, {500, 200, 1}, 1},
      {"li", D(10, 20), CreditKind::kRevenue, {-100, -40, -1}, 1},  // a reversal
      {"wang", D(10, 3), CreditKind::kRevenue, {700, 100, 1}, 1},
  };
  const Tally t = TallyCredits(credits, spans_, parents_);
  EXPECT_EQ(t.teams.at(2).amounts, (SaleAmounts{1000, 400, 2}));
  EXPECT_EQ(t.teams.at(3).amounts, (SaleAmounts{400, 160, 0}));
  EXPECT_EQ(t.teams.at(1).amounts, (SaleAmounts{1400, 560, 2}));  // both sub-teams
  EXPECT_EQ(t.teams.at(1).count, 3);
  EXPECT_EQ(t.teams.at(4).amounts, (SaleAmounts{700, 100, 1}));
  EXPECT_EQ(t.reps.at("li").amounts, (SaleAmounts{1400, 560, 2}));
  EXPECT_EQ(t.company.amounts, (SaleAmounts{2100, 660, 3}));
}

TEST_F(TallyTest, OverlayCountsForTheRepOnlyAndUnknownRepsForTheCompanyOnly) {
  const std::vector<DayCredit> credits{
      {"li", D(10, 2), CreditKind::kRevenue, {1000, 400, 1}, 1},
      {"wang", D(10, 2), CreditKind::kOverlay, {1000, 400, 1}, 1},  // overlay on Li's sale
      {"ghost", D(10, 2), CreditKind::kRevenue, {300, 100, 1}, 1},  // unknown to incentives
  };
  const Tally t = TallyCredits(credits, spans_, parents_);
  EXPECT_EQ(t.reps.at("wang").amounts, (SaleAmounts{1000, 400, 1}));
  EXPECT_EQ(t.teams.count(4), 0u);  // Wang's team gets nothing from the overlay
  EXPECT_EQ(t.teams.at(1).amounts, (SaleAmounts{1000, 400, 1}));
  EXPECT_EQ(t.company.amounts, (SaleAmounts{1300, 500, 2}));  // no overlay, ghost included
  EXPECT_EQ(t.reps.at("ghost").amounts.revenue, 300);
}

TEST_F(TallyTest, TeamInScopeIsTheTeamOfTheLastDayInScope) {
  const std::vector<MembershipSpan>& li = spans_.at("li");
  EXPECT_EQ(TeamInScope(li, {1, 2, 3}, D(10, 1), D(11, 1)), 3);
  EXPECT_EQ(TeamInScope(li, {2}, D(10, 1), D(11, 1)), 2);
  EXPECT_EQ(TeamInScope(li, {3}, D(9, 1), D(10, 1)), std::nullopt);
}

}  // namespace
}  // namespace sales::incentives::domain
