#include "services/analytics/src/domain/contribution.h"

#include <gtest/gtest.h>

#include <random>

#include "absl/strings/match.h"

namespace sales::analytics::domain {
namespace {

int64_t SumOf(const ContributionResult& r) {
  int64_t sum = 0;
  for (const SliceContribution& c : r.slices) sum += c.contribution;
  return sum;
}

SliceValues Slice(std::string member, int64_t base, int64_t current, int64_t base_d = 0,
                  int64_t current_d = 0) {
  SliceValues v;
  v.member = std::move(member);
  v.base_value = base;
  v.current_value = current;
  v.base_denominator = base_d;
  v.current_denominator = current_d;
  return v;
}

TEST(ContributionTest, AnAdditiveKpiIsExplainedByEachSlicesOwnChange) {
  // C sells only now, D only in the base period.
  const ContributionResult r = ContributeAdditive(
      {Slice("A", 100, 150), Slice("B", 200, 120), Slice("C", 0, 30), Slice("D", 50, 0)});
  EXPECT_EQ(r.base_value, 350);
  EXPECT_EQ(r.current_value, 300);
  EXPECT_EQ(r.change, -50);
  ASSERT_EQ(r.slices.size(), 4u);
  EXPECT_EQ(r.slices[0].contribution, 50);
  EXPECT_EQ(r.slices[1].contribution, -80);
  EXPECT_EQ(r.slices[2].contribution, 30);
  EXPECT_EQ(r.slices[3].contribution, -50);
  EXPECT_EQ(SumOf(r), r.change);
}

TEST(ContributionTest, ARatioIsSplitIntoMixAndRateByKitagawasMethod) {
  // Average order value (net sales / orders). X: 10 orders at 100 -> 15 at 120; Y: 5 orders
  // at 200 in the base period only; Z: 5 orders at 100 in the current period only.
  // Base 2000 / 15 = 133.33 -> 133; current 2300 / 20 = 115; change -18.
  const absl::StatusOr<ContributionResult> r = ContributeRatio(
      {Slice("X", 1000, 1800, 10, 15), Slice("Y", 1000, 0, 5, 0), Slice("Z", 0, 500, 0, 5)}, {1});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->base_value, 133);
  EXPECT_EQ(r->current_value, 115);
  EXPECT_EQ(r->change, -18);
  ASSERT_EQ(r->slices.size(), 3u);
  // R̄ = (133.33 + 115) / 2 = 124.1667.
  // X: mix (0.75 - 0.6667) (110 - 124.1667) = -1.1806; rate (0.6667 + 0.75) / 2 x 20 = 14.1667.
  EXPECT_NEAR(r->slices[0].mix_effect, -1.180556, 1e-5);
  EXPECT_NEAR(r->slices[0].rate_effect, 14.166667, 1e-5);
  // Y (base only): all mix, -(1/3) (200 - 124.1667) = -25.2778.
  EXPECT_NEAR(r->slices[1].mix_effect, -25.277778, 1e-5);
  EXPECT_DOUBLE_EQ(r->slices[1].rate_effect, 0);
  // Z (current only): all mix, 0.25 (100 - 124.1667) = -6.0417.
  EXPECT_NEAR(r->slices[2].mix_effect, -6.041667, 1e-5);
  EXPECT_DOUBLE_EQ(r->slices[2].rate_effect, 0);
  // The real parts add up to 115 - 133.33 = -18.33; rounded to -18 by largest remainder:
  // floors 12, -26, -7 (-21), three units to give, one each.
  EXPECT_EQ(r->slices[0].contribution, 13);
  EXPECT_EQ(r->slices[1].contribution, -25);
  EXPECT_EQ(r->slices[2].contribution, -6);
  EXPECT_EQ(SumOf(*r), r->change);
}

TEST(ContributionTest, ARateInBasisPointsOfOneSliceIsAllRate) {
  // Gross margin rate: 250 / 1000 = 2500 bp -> 300 / 1000 = 3000 bp.
  const absl::StatusOr<ContributionResult> r =
      ContributeRatio({Slice("tea", 250, 300, 1000, 1000)}, {10000});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->base_value, 2500);
  EXPECT_EQ(r->current_value, 3000);
  EXPECT_EQ(r->slices[0].contribution, 500);
  EXPECT_NEAR(r->slices[0].rate_effect, 500, 1e-9);
  EXPECT_NEAR(r->slices[0].mix_effect, 0, 1e-9);
}

TEST(ContributionTest, ARatioWithoutADenominatorInAPeriodIsUndefined) {
  const absl::StatusOr<ContributionResult> base = ContributeRatio({Slice("X", 0, 100, 0, 2)}, {1});
  EXPECT_EQ(base.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StartsWith(base.status().message(), "base:")) << base.status();
  const absl::StatusOr<ContributionResult> current =
      ContributeRatio({Slice("X", 100, 0, 2, 0)}, {1});
  EXPECT_TRUE(absl::StartsWith(current.status().message(), "period:")) << current.status();
}

TEST(ContributionTest, RandomRatiosAlwaysAddUpExactly) {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int64_t> amount(0, 5'000'000), count(0, 40);
  for (int round = 0; round < 500; ++round) {
    std::vector<SliceValues> slices;
    for (int i = 0; i < 12; ++i) {
      SliceValues v =
          Slice("m" + std::to_string(i), amount(rng), amount(rng), count(rng), count(rng));
      if (v.base_denominator == 0) v.base_value = 0;
      if (v.current_denominator == 0) v.current_value = 0;
      slices.push_back(v);
    }
    slices[0].base_denominator += 1;
    slices[0].current_denominator += 1;
    for (int64_t scale : {int64_t{1}, int64_t{10000}}) {
      const absl::StatusOr<ContributionResult> r = ContributeRatio(slices, {scale});
      ASSERT_TRUE(r.ok());
      EXPECT_EQ(SumOf(*r), r->change) << "round " << round;
    }
  }
}

TEST(ContributionTest, RoundToTotalGivesTheUnitsLeftToTheLargestRemainders) {
  EXPECT_EQ(RoundToTotal({1.2, 2.3, -3.5}, 0), (std::vector<int64_t>{1, 2, -3}));
  // Equal remainders: the earlier parts first.
  EXPECT_EQ(RoundToTotal({0.5, 0.5, 0.5, 0.5}, 2), (std::vector<int64_t>{1, 1, 0, 0}));
  // Floating error beyond one unit still adds up.
  EXPECT_EQ(RoundToTotal({0.0, 0.0}, 5), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(RoundToTotal({2.0, 1.0}, 0), (std::vector<int64_t>{1, -1}));
}

TEST(ContributionTest, CountsAreSplitOverRepsByCreditedBasisPoints) {
  // Three orders: one half r1 half r2, one all r1, one without credits.
  const std::vector<int64_t> parts = SplitCountOverReps(3, {15000, 5000});
  // Quotas 1.5, 0.5 and 1 (unattributed): floors 1, 0, 1; the unit left to the first .5.
  EXPECT_EQ(parts, (std::vector<int64_t>{2, 0, 1}));
  EXPECT_EQ(SplitCountOverReps(0, {0, 0}), (std::vector<int64_t>{0, 0, 0}));
}

TEST(ContributionTest, RowsAreRankedWithTheRestSummedAndUnattributedLast) {
  std::vector<SliceValues> slices = {Slice("a", 10, 15), Slice("b", 10, 40), Slice("c", 10, 2)};
  SliceValues rest = Slice("", 5, 9);
  rest.unattributed = true;
  slices.push_back(rest);
  const ContributionResult r = ContributeAdditive(slices);
  const std::vector<ContributionRow> rows = RankContributions(r, 1);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].kind, ContributionRow::Kind::kMember);
  EXPECT_EQ(rows[0].figures.slice.member, "b");
  EXPECT_EQ(rows[0].figures.contribution, 30);
  EXPECT_EQ(rows[1].kind, ContributionRow::Kind::kOther);
  EXPECT_EQ(rows[1].members, 2);
  EXPECT_EQ(rows[1].figures.contribution, -3);  // c -8, a +5
  EXPECT_EQ(rows[1].figures.slice.base_value, 20);
  EXPECT_EQ(rows[2].kind, ContributionRow::Kind::kUnattributed);
  EXPECT_EQ(rows[2].figures.contribution, 4);
  EXPECT_EQ(30 - 3 + 4, r.change);
}

TEST(ContributionTest, KpiPartsFollowTheKpiDefinitions) {
  Measures m;
  m[Measure::kOrders] = 4;
  m[Measure::kUnits] = 9;
  m[Measure::kNetMinor] = 10000;
  m[Measure::kRefundMinor] = 1000;
  m[Measure::kCostMinor] = 6000;
  m[Measure::kRefundCostMinor] = 500;
  EXPECT_EQ(PartsOf(ContributionKpi::kRevenue, m).numerator, 9000);
  EXPECT_EQ(PartsOf(ContributionKpi::kGrossMargin, m).numerator, 3500);
  EXPECT_EQ(PartsOf(ContributionKpi::kUnits, m).numerator, 9);
  EXPECT_EQ(PartsOf(ContributionKpi::kOrders, m).numerator, 4);
  EXPECT_EQ(PartsOf(ContributionKpi::kAverageOrderValue, m).numerator, 10000);
  EXPECT_EQ(PartsOf(ContributionKpi::kAverageOrderValue, m).denominator, 4);
  EXPECT_EQ(PartsOf(ContributionKpi::kGrossMarginRate, m).numerator, 3500);
  EXPECT_EQ(PartsOf(ContributionKpi::kGrossMarginRate, m).denominator, 9000);
  EXPECT_TRUE(IsRatio(ContributionKpi::kLeadConversion));
  EXPECT_FALSE(IsRatio(ContributionKpi::kUnits));
  EXPECT_EQ(ScaleOf(ContributionKpi::kGrossMarginRate), 10000);
}

}  // namespace
}  // namespace sales::analytics::domain
