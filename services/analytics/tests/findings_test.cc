// The finding rules against hand-made figures: each threshold met and just missed.
#include "services/analytics/src/domain/findings.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace sales::analytics::domain {
namespace {

ReportFigures Flat(int64_t revenue) {
  ReportFigures f;
  f.revenue_minor = f.previous_revenue_minor = f.year_before_revenue_minor = revenue;
  f.gross_margin_minor = f.previous_gross_margin_minor = revenue / 2;
  return f;
}

DimensionMember Member(Dimension d, const std::string& name, int64_t revenue, int64_t units,
                       int64_t previous_revenue, int64_t previous_units) {
  return {d, {name, revenue, units, previous_revenue, previous_units}};
}

TEST(Findings, NothingMovesNothingIsFound) {
  ReportFigures f = Flat(100000);
  f.members.push_back(Member(Dimension::kCategory, "tea", 50000, 50, 50000, 50));
  EXPECT_TRUE(DeriveFindings(f).empty());
}

TEST(Findings, RevenueChangeAtTenPercentNamesTheLargestBridgePart) {
  ReportFigures f = Flat(100000);
  f.revenue_minor = 90000;  // -10% exactly: met
  f.gross_margin_minor = 45000;
  f.bridge = {.new_customers_minor = 2000,
              .lost_customers_minor = -9000,
              .price_minor = -1000,
              .volume_minor = -1500,
              .mix_minor = -500};
  const std::vector<Finding> found = DeriveFindings(f);
  ASSERT_EQ(found.size(), 2u);  // vs previous and vs year before
  EXPECT_EQ(found[0].kind, FindingKind::kRevenueChange);
  EXPECT_FALSE(found[0].up);
  EXPECT_EQ(found[0].base_value, 100000);
  EXPECT_EQ(found[0].current_value, 90000);
  EXPECT_DOUBLE_EQ(*found[0].change, -0.1);
  EXPECT_EQ(found[0].driver, FindingDriver::kLostCustomers);
  EXPECT_EQ(found[0].driver_value, -9000);
  EXPECT_EQ(found[1].kind, FindingKind::kRevenueChangeYear);
  EXPECT_EQ(found[1].driver, FindingDriver::kNone);

  f.revenue_minor = 90001;  // just under 10%
  f.year_before_revenue_minor = 90001;
  EXPECT_TRUE(DeriveFindings(f).empty());
}

TEST(Findings, MarginMovesTwoPointsOrMore) {
  ReportFigures f = Flat(100000);
  f.gross_margin_minor = 48000;  // 50% -> 48%: 200 bp
  std::vector<Finding> found = DeriveFindings(f);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, FindingKind::kMarginChange);
  EXPECT_EQ(found[0].unit, FindingUnit::kBasisPoints);
  EXPECT_EQ(found[0].base_value, 5000);
  EXPECT_EQ(found[0].current_value, 4800);
  EXPECT_FALSE(found[0].up);
  EXPECT_FALSE(found[0].change.has_value());
  f.gross_margin_minor = 48010;  // 4801 bp: 199 bp down, below the bar
  EXPECT_TRUE(DeriveFindings(f).empty());
}

TEST(Findings, AMemberFallingMostlyByVolume) {
  ReportFigures f = Flat(100000);
  // tea: 100 units at 10.00 -> 70 units at 10.00: -30%, all volume.
  f.members.push_back(Member(Dimension::kCategory, "tea", 70000, 70, 100000, 100));
  f.revenue_minor = f.year_before_revenue_minor = 100000;  // the company is flat
  const std::vector<Finding> found = DeriveFindings(f);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, FindingKind::kMemberChange);
  EXPECT_EQ(found[0].dimension, Dimension::kCategory);
  EXPECT_EQ(found[0].subject, "tea");
  EXPECT_DOUBLE_EQ(*found[0].change, -0.3);
  EXPECT_EQ(found[0].driver, FindingDriver::kVolume);
  EXPECT_EQ(found[0].driver_value, -30000);
}

TEST(Findings, AMemberRisingMostlyByPrice) {
  ReportFigures f = Flat(100000);
  // coffee: 10 units at 10.00 -> 11 units at 15.00: +6500; volume 1000, price 5500.
  f.members.push_back(Member(Dimension::kProduct, "products/7", 16500, 11, 10000, 10));
  const std::vector<Finding> found = DeriveFindings(f);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].up);
  EXPECT_EQ(found[0].driver, FindingDriver::kPrice);
  EXPECT_EQ(found[0].driver_value, 5500);
  const VolumePrice split = *SplitVolumePrice(f.members[0].figures);
  EXPECT_EQ(split.volume_minor, 1000);
  EXPECT_EQ(split.volume_minor + split.price_minor, 6500);
}

TEST(Findings, SmallMembersAndSmallChangesAreNotNews) {
  ReportFigures f = Flat(100000);
  // 4.99% of the company before: too small, however much it moved.
  f.members.push_back(Member(Dimension::kProduct, "products/1", 0, 0, 4990, 10));
  // 24% fall of a big member: under the bar.
  f.members.push_back(Member(Dimension::kChannel, "CHANNEL_WEB", 38000, 38, 50000, 50));
  EXPECT_TRUE(DeriveFindings(f).empty());
  // 5% exactly, falling to nothing: news.
  f.members.push_back(Member(Dimension::kProduct, "products/2", 0, 0, 5000, 10));
  const std::vector<Finding> found = DeriveFindings(f);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].subject, "products/2");
  EXPECT_DOUBLE_EQ(*found[0].change, -1.0);
}

TEST(Findings, AtMostFiveMembersLargestMoneyChangeFirst) {
  ReportFigures f = Flat(1000000);
  for (int i = 1; i <= 7; ++i) {
    // Each falls by half; member i from i x 100000.
    f.members.push_back(
        Member(Dimension::kRep, "reps/r-" + std::to_string(i), i * 50000, i, i * 100000, i));
  }
  const std::vector<Finding> found = DeriveFindings(f);
  ASSERT_EQ(found.size(), 5u);
  EXPECT_EQ(found[0].subject, "reps/r-7");
  EXPECT_EQ(found[4].subject, "reps/r-3");
}

TEST(Findings, ChampionsSlippingIntoAtRisk) {
  ReportFigures f = Flat(100000);
  f.moves.push_back({RfmSegment::kChampions, RfmSegment::kAtRisk, 12, 40});
  f.moves.push_back({RfmSegment::kLoyal, RfmSegment::kLost, 2, 10});        // too few
  f.moves.push_back({RfmSegment::kNew, RfmSegment::kLost, 30, 50});         // not valuable
  f.moves.push_back({RfmSegment::kChampions, RfmSegment::kLoyal, 20, 40});  // not slipping
  f.moves.push_back({RfmSegment::kLoyal, RfmSegment::kCantLose, 3, 10});    // slipping
  f.moves.push_back({RfmSegment::kCantLose, RfmSegment::kCantLose, 9, 9});  // stayed
  const std::vector<Finding> found = DeriveFindings(f);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].kind, FindingKind::kSegmentMovement);
  EXPECT_EQ(found[0].subject, "champions");
  EXPECT_EQ(found[0].to_subject, "at_risk");
  EXPECT_EQ(found[0].current_value, 12);
  EXPECT_EQ(found[0].base_value, 40);
  EXPECT_EQ(found[0].unit, FindingUnit::kCustomers);
  EXPECT_EQ(found[1].subject, "loyal");
  EXPECT_EQ(found[1].to_subject, "cant_lose");
}

TEST(Findings, OrderIsRevenueThenMarginThenMembersThenMovements) {
  ReportFigures f = Flat(100000);
  f.revenue_minor = 50000;
  f.gross_margin_minor = 10000;  // 50% -> 20%
  f.members.push_back(Member(Dimension::kCategory, "tea", 20000, 20, 60000, 60));
  f.moves.push_back({RfmSegment::kChampions, RfmSegment::kAtRisk, 3, 5});
  const std::vector<Finding> found = DeriveFindings(f);
  ASSERT_EQ(found.size(), 5u);
  EXPECT_EQ(found[0].kind, FindingKind::kRevenueChange);
  EXPECT_EQ(found[1].kind, FindingKind::kRevenueChangeYear);
  EXPECT_EQ(found[2].kind, FindingKind::kMarginChange);
  EXPECT_EQ(found[3].kind, FindingKind::kMemberChange);
  EXPECT_EQ(found[4].kind, FindingKind::kSegmentMovement);
}

TEST(Findings, WithoutABaseThereIsNoChange) {
  ReportFigures f;
  f.revenue_minor = 100000;
  f.gross_margin_minor = 50000;
  f.members.push_back(Member(Dimension::kCategory, "tea", 100000, 10, 0, 0));
  EXPECT_TRUE(DeriveFindings(f).empty());
  EXPECT_FALSE(MarginBasisPoints(100, 0).has_value());
  EXPECT_FALSE(SplitVolumePrice({"x", 10, 1, 10, 0}).has_value());
}

TEST(Findings, AnomaliesAtTwentyPercentOfExpectedLargestFirst) {
  ReportFigures f = Flat(100000);
  f.anomalies = {
      {"2026-10-01", 12000.4, 10000.0, true},  // +20.004%: met
      {"2026-10-02", 8001.0, 10000.0, false},  // -19.99%: outside the interval, not news
      {"2026-10-03", 2000.0, 10000.0, false},  // -80%
      {"2026-10-04", 500.0, -10.0, true},      // expected <= 0: every such day counts
  };
  const std::vector<Finding> found = DeriveFindings(f);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].kind, FindingKind::kRevenueAnomaly);
  EXPECT_EQ(found[0].subject, "2026-10-03");
  EXPECT_FALSE(found[0].up);
  EXPECT_EQ(found[0].base_value, 10000);
  EXPECT_EQ(found[0].current_value, 2000);
  EXPECT_DOUBLE_EQ(*found[0].change, -0.8);
  EXPECT_EQ(found[1].subject, "2026-10-01");
  EXPECT_EQ(found[1].current_value, 12000);
  EXPECT_TRUE(found[1].up);
  EXPECT_EQ(found[2].subject, "2026-10-04");
  EXPECT_EQ(found[2].base_value, -10);
  EXPECT_FALSE(found[2].change.has_value());
}

TEST(Findings, AtMostFiveAnomalies) {
  ReportFigures f = Flat(100000);
  for (int i = 1; i <= 7; ++i) {
    f.anomalies.push_back({absl::StrCat("2026-10-0", i), 1000.0 * (10 + i), 1000.0, true});
  }
  const std::vector<Finding> found = DeriveFindings(f);
  ASSERT_EQ(found.size(), static_cast<size_t>(kMaxAnomalyFindings));
  EXPECT_EQ(found.front().subject, "2026-10-07");
  EXPECT_EQ(found.back().subject, "2026-10-03");
}

TEST(Findings, HotProductsAtOneAndAHalfTimesTheirMean) {
  ReportFigures f = Flat(100000);
  f.product_moves = {
      {"products/1", true, 24, 10.0},  // 2.4x
      {"products/2", true, 14, 10.0},  // 1.4x: hot by z, too close to its usual
      {"products/3", true, 15, 10.0},  // 1.5x exactly: met
      {"products/4", true, 3, 0.0},    // no usual rate to be a multiple of
  };
  const std::vector<Finding> found = DeriveFindings(f);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].kind, FindingKind::kHotProduct);
  EXPECT_EQ(found[0].dimension, Dimension::kProduct);
  EXPECT_EQ(found[0].subject, "products/1");
  EXPECT_EQ(found[0].unit, FindingUnit::kUnits);
  EXPECT_EQ(found[0].base_value, 10);
  EXPECT_EQ(found[0].current_value, 24);
  EXPECT_DOUBLE_EQ(*found[0].change, 1.4);
  EXPECT_EQ(found[1].subject, "products/3");
}

TEST(Findings, SlowProductsNeedAUsualRateOfOneUnit) {
  ReportFigures f = Flat(100000);
  f.product_moves = {
      {"products/1", false, 2, 10.0},
      {"products/2", false, 0, 0.875},  // sold 7 in 8 periods: not news
      {"products/3", false, 0, 20.0},
  };
  const std::vector<Finding> found = DeriveFindings(f);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].kind, FindingKind::kSlowProduct);
  EXPECT_EQ(found[0].subject, "products/3");  // fell by 20 units
  EXPECT_DOUBLE_EQ(*found[0].change, -1.0);
  EXPECT_FALSE(found[0].up);
  EXPECT_EQ(found[1].subject, "products/1");
}

TEST(Findings, StockCoverUnderFourteenDaysFewestFirst) {
  ReportFigures f = Flat(100000);
  f.stock_covers = {
      {"products/1", 20, 56, 10.0},
      {"products/2", 28, 56, 14.0},  // exactly 14: enough
      {"products/3", 0, 5, 0.0},     // none left
      {"products/4", 3, 0, 0.0},     // sold nothing in the window: no rate
  };
  const std::vector<Finding> found = DeriveFindings(f);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].kind, FindingKind::kLowStockCover);
  EXPECT_EQ(found[0].subject, "products/3");
  EXPECT_EQ(*found[0].days_of_cover, 0.0);
  EXPECT_EQ(found[1].subject, "products/1");
  EXPECT_EQ(found[1].current_value, 20);
  EXPECT_EQ(found[1].base_value, 56);
  EXPECT_DOUBLE_EQ(*found[1].days_of_cover, 10.0);
}

TEST(Findings, NewKindsComeAfterTheMovementsInTheirOrder) {
  ReportFigures f = Flat(100000);
  f.stock_covers = {{"products/1", 20, 56, 10.0}};
  f.product_moves = {{"products/2", false, 0, 20.0}, {"products/3", true, 30, 10.0}};
  f.anomalies = {{"2026-10-03", 2000.0, 10000.0, false}};
  f.moves.push_back({RfmSegment::kChampions, RfmSegment::kAtRisk, 4, 20});
  const std::vector<Finding> found = DeriveFindings(f);
  ASSERT_EQ(found.size(), 5u);
  EXPECT_EQ(found[0].kind, FindingKind::kSegmentMovement);
  EXPECT_EQ(found[1].kind, FindingKind::kRevenueAnomaly);
  EXPECT_EQ(found[2].kind, FindingKind::kHotProduct);
  EXPECT_EQ(found[3].kind, FindingKind::kSlowProduct);
  EXPECT_EQ(found[4].kind, FindingKind::kLowStockCover);
}

}  // namespace
}  // namespace sales::analytics::domain
