#include "services/analytics/src/domain/swot.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

Finding Of(FindingKind kind, bool up) {
  Finding f;
  f.kind = kind;
  f.up = up;
  return f;
}

TEST(SwotTest, ThePeriodsOwnResultsAreStrengthsOrWeaknesses) {
  for (FindingKind kind : {FindingKind::kRevenueChange, FindingKind::kRevenueChangeYear,
                           FindingKind::kMarginChange, FindingKind::kMemberChange}) {
    EXPECT_EQ(ClassifySwot(Of(kind, true)), SwotClass::kStrength);
    EXPECT_EQ(ClassifySwot(Of(kind, false)), SwotClass::kWeakness);
  }
  EXPECT_EQ(ClassifySwot(Of(FindingKind::kSlowProduct, false)), SwotClass::kWeakness);
}

TEST(SwotTest, SignalsAboutWhatComesNextAreOpportunitiesOrThreats) {
  EXPECT_EQ(ClassifySwot(Of(FindingKind::kHotProduct, true)), SwotClass::kOpportunity);
  EXPECT_EQ(ClassifySwot(Of(FindingKind::kRevenueAnomaly, true)), SwotClass::kOpportunity);
  EXPECT_EQ(ClassifySwot(Of(FindingKind::kRevenueAnomaly, false)), SwotClass::kThreat);
  EXPECT_EQ(ClassifySwot(Of(FindingKind::kSegmentMovement, false)), SwotClass::kThreat);
  EXPECT_EQ(ClassifySwot(Of(FindingKind::kLowStockCover, false)), SwotClass::kThreat);
}

TEST(SwotTest, DerivedFindingsCarryTheirClassesFigures) {
  // Revenue up 20% with margin down 3 points: a strength and a weakness, each finding with
  // its own figures.
  ReportFigures in;
  in.revenue_minor = 12000;
  in.previous_revenue_minor = 10000;
  in.gross_margin_minor = 3000;           // 25.00%
  in.previous_gross_margin_minor = 2800;  // 28.00%
  in.stock_covers = {{"products/9", 10, 56, 5.0}};
  const std::vector<Finding> found = DeriveFindings(in);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(ClassifySwot(found[0]), SwotClass::kStrength);
  EXPECT_EQ(found[0].current_value, 12000);
  EXPECT_EQ(ClassifySwot(found[1]), SwotClass::kWeakness);
  EXPECT_EQ(found[1].base_value, 2800);
  EXPECT_EQ(found[1].current_value, 2500);
  EXPECT_EQ(ClassifySwot(found[2]), SwotClass::kThreat);
  EXPECT_EQ(found[2].subject, "products/9");
}

TEST(SwotTest, LabelsInBothLanguages) {
  EXPECT_EQ(SwotLabel(SwotClass::kStrength, Language::kEnglish), "Strength");
  EXPECT_EQ(SwotLabel(SwotClass::kThreat, Language::kChinese), "威胁");
  EXPECT_EQ(SwotLabel(SwotClass::kOpportunity, Language::kChinese), "机会");
  EXPECT_EQ(SwotLabel(SwotClass::kWeakness, Language::kEnglish), "Weakness");
}

}  // namespace
}  // namespace sales::analytics::domain
