#include "services/analytics/src/domain/promotion_lift.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sales::analytics::domain {
namespace {

// Two promoted products and two others of their category over the promotion's days.
// Promoted baselines: units 40.3 + 20.4 = 60.7 -> 61; revenue 4000.25 + 2000.25 = 4000.5
// + 2000.25 = 6000.5 -> 6001 (half away from zero, rounded once: rounding each line first
// would give 4000 + 2000 = 6000); margin 1000.4 + 500.3 = 1500.7 -> 1501.
// Actuals: units 90 + 35 = 125, revenue 7200 + 2800 = 10000, margin 900 + 700 = 1600.
// Incremental: 125 - 61 = 64 units, 10000 - 6001 = 3999, 1600 - 1501 = 99.
// Others: baselines units 50 + 30 = 80, revenue 5000 + 3000 = 8000, margin 1500 + 900 =
// 2400; actuals 38 + 33 = 71, 3800 + 3300 = 7100, 1140 + 990 = 2130.
// Cannibalised: 80 - 71 = 9 units, 8000 - 7100 = 900, 2400 - 2130 = 270.
TEST(PromotionLiftTest, AHandComputedPromotion) {
  const std::vector<LiftLine> lines = {
      {true, 40.3, 4000.25, 1000.4, 90, 7200, 900},
      {true, 20.4, 2000.25, 500.3, 35, 2800, 700},
      {false, 50, 5000, 1500, 38, 3800, 1140},
      {false, 30, 3000, 900, 33, 3300, 990},
  };
  absl::StatusOr<PromotionLift> lift = AssessPromotion(lines);
  ASSERT_TRUE(lift.ok()) << lift.status();
  EXPECT_EQ(lift->promoted_baseline, (SalesTotals{61, 6001, 1501}));
  EXPECT_EQ(lift->promoted_actual, (SalesTotals{125, 10000, 1600}));
  EXPECT_EQ(lift->incremental, (SalesTotals{64, 3999, 99}));
  EXPECT_EQ(lift->category_baseline, (SalesTotals{80, 8000, 2400}));
  EXPECT_EQ(lift->category_actual, (SalesTotals{71, 7100, 2130}));
  EXPECT_EQ(lift->cannibalised, (SalesTotals{9, 900, 270}));
  EXPECT_EQ(lift->net_incremental, (SalesTotals{55, 3099, -171}));
}

TEST(PromotionLiftTest, OtherProductsSellingMoreAreNotCannibalised) {
  const std::vector<LiftLine> lines = {
      {true, 10, 1000, 300, 8, 700, 100},  // the promotion did worse than the baseline
      {false, 10, 1000, 300, 14, 1400, 420},
  };
  absl::StatusOr<PromotionLift> lift = AssessPromotion(lines);
  ASSERT_TRUE(lift.ok()) << lift.status();
  EXPECT_EQ(lift->incremental, (SalesTotals{-2, -300, -200}));
  EXPECT_EQ(lift->cannibalised, (SalesTotals{0, 0, 0}));
  EXPECT_EQ(lift->net_incremental, lift->incremental);
}

TEST(PromotionLiftTest, HalvesRoundAwayFromZeroAndNegativeBaselinesCountAsZero) {
  const std::vector<LiftLine> lines = {
      {true, 2.5, 100.5, -10.5, 3, 100, -10},
      {true, -4, -50, 0, 0, 0, 0},  // an additive forecast below zero: no sales expected
  };
  absl::StatusOr<PromotionLift> lift = AssessPromotion(lines);
  ASSERT_TRUE(lift.ok()) << lift.status();
  EXPECT_EQ(lift->promoted_baseline, (SalesTotals{3, 101, -11}));
  EXPECT_EQ(lift->incremental, (SalesTotals{0, -1, 1}));
  EXPECT_EQ(lift->category_baseline, (SalesTotals{0, 0, 0}));
}

TEST(PromotionLiftTest, BadInputIsRefusedNamingTheField) {
  absl::StatusOr<PromotionLift> lift =
      AssessPromotion({{true, 1, 1, 1, 1, 1, 1}, {false, 1, std::nan(""), 1, 1, 1, 1}});
  EXPECT_EQ(lift.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(lift.status().message().substr(0, 31), "lines[1].baseline_revenue_minor");
  EXPECT_EQ(AssessPromotion({{false, 1, 1, 1, 1, 1, 1}}).status().message().substr(0, 5), "lines");
  EXPECT_EQ(AssessPromotion({{true, 1e19, 1, 1, 1, 1, 1}}).status().message().substr(0, 5),
            "lines");
}

}  // namespace
}  // namespace sales::analytics::domain
