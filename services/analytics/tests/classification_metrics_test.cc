#include "services/analytics/src/domain/classification_metrics.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

TEST(ClassificationMetricsTest, AucCountsPairsWonAbove) {
  // Pairs (won, lost): 0.35 > 0.1 yes, 0.35 > 0.4 no, 0.8 > both: 3 of 4.
  EXPECT_DOUBLE_EQ(*AreaUnderRoc({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}), 0.75);
  EXPECT_DOUBLE_EQ(*AreaUnderRoc({0.9, 0.8}, {1, 0}), 1.0);
  EXPECT_DOUBLE_EQ(*AreaUnderRoc({0.1, 0.8}, {1, 0}), 0.0);
}

TEST(ClassificationMetricsTest, AucCountsTiesHalf) {
  EXPECT_DOUBLE_EQ(*AreaUnderRoc({0.5, 0.5}, {1, 0}), 0.5);
  // Won 0.5 vs lost 0.2 (1) and lost 0.5 (a tie: 1/2); won 0.9 vs both (2): 3.5 of 4.
  EXPECT_DOUBLE_EQ(*AreaUnderRoc({0.2, 0.5, 0.5, 0.9}, {0, 1, 0, 1}), 0.875);
  // A constant predictor: every pair tied.
  EXPECT_DOUBLE_EQ(*AreaUnderRoc({0.3, 0.3, 0.3, 0.3, 0.3}, {1, 0, 0, 1, 0}), 0.5);
}

TEST(ClassificationMetricsTest, AucIsUndefinedWithOneClass) {
  EXPECT_FALSE(AreaUnderRoc({0.2, 0.4}, {1, 1}).has_value());
  EXPECT_FALSE(AreaUnderRoc({0.2, 0.4}, {0, 0}).has_value());
  EXPECT_FALSE(AreaUnderRoc({}, {}).has_value());
}

TEST(ClassificationMetricsTest, BrierScoreIsTheMeanSquaredError) {
  // (0.01 + 0.16 + 0.4225 + 0.04) / 4.
  EXPECT_DOUBLE_EQ(BrierScore({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}), 0.158125);
  EXPECT_DOUBLE_EQ(BrierScore({1.0, 0.0}, {1, 0}), 0.0);
  EXPECT_DOUBLE_EQ(BrierScore({}, {}), 0.0);
}

TEST(ClassificationMetricsTest, ReliabilityTableCutsSortedPredictionsIntoDeciles) {
  std::vector<double> p;
  std::vector<int> y;
  for (int i = 0; i < 20; ++i) {
    p.push_back((19 - i) / 20.0);  // given in descending order
    y.push_back(i < 6 ? 1 : 0);    // the six highest won
  }
  const std::vector<ReliabilityGroup> table = ReliabilityTable(p, y, 10);
  ASSERT_EQ(table.size(), 10u);
  EXPECT_EQ(table[0].count, 2);
  EXPECT_DOUBLE_EQ(table[0].mean_predicted, 0.025);  // 0.00 and 0.05
  EXPECT_DOUBLE_EQ(table[0].observed_rate, 0.0);
  EXPECT_DOUBLE_EQ(table[9].mean_predicted, 0.925);  // 0.90 and 0.95
  EXPECT_DOUBLE_EQ(table[9].observed_rate, 1.0);
  EXPECT_DOUBLE_EQ(table[7].observed_rate, 1.0);  // 0.70 and 0.75
  EXPECT_DOUBLE_EQ(table[6].observed_rate, 0.0);
  // Fewer rows than groups: empty groups are left out.
  EXPECT_EQ(ReliabilityTable({0.1, 0.2, 0.3}, {0, 1, 1}, 10).size(), 3u);
}

}  // namespace
}  // namespace sales::analytics::domain
