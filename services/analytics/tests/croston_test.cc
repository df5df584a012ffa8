// Croston's method (croston.h) against values worked by hand from its recursions, as the
// forecast package's croston() defines them.
#include "services/analytics/src/domain/croston.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace sales::analytics::domain {
namespace {

// y = 3, 0, 0, 2, 0, 4 with α = 0.5:
//   t1 demand 3 after 1 period:  z = 3, p = 1, rate 3
//   t4 demand 2 after 3 periods: z = 3 + 0.5 (2 - 3) = 2.5, p = 1 + 0.5 (3 - 1) = 2, rate 1.25
//   t6 demand 4 after 2 periods: z = 2.5 + 0.5 (4 - 2.5) = 3.25, p = 2, rate 1.625
// One-step forecasts of t2..t6: 3, 3, 3, 1.25, 1.25; errors -3, -3, -1, -1.25, 2.75;
// SSE = 9 + 9 + 1 + 1.5625 + 7.5625 = 28.125.
TEST(CrostonTest, SmoothsDemandSizesAndIntervalsSeparately) {
  const absl::StatusOr<CrostonModel> m = FitCroston({3, 0, 0, 2, 0, 4}, 0.5);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_DOUBLE_EQ(m->demand_size, 3.25);
  EXPECT_DOUBLE_EQ(m->interval, 2);
  EXPECT_DOUBLE_EQ(m->rate, 1.625);
  EXPECT_EQ(m->demands, 3);
  EXPECT_EQ(m->observations, 6);
  EXPECT_EQ(m->fitted, (std::vector<double>{3, 3, 3, 1.25, 1.25}));
  EXPECT_DOUBLE_EQ(m->sse, 28.125);
}

// The first interval counts from the start of the series (croston2's diff(c(0, which(y >
// 0)))), and before the first demand the forecast is 0. y = 0, 2, 0, 0, 4, α = 0.1 (the
// default): z = 2, p = 2 (rate 1); then z = 2 + 0.1 (4 - 2) = 2.2, p = 2 + 0.1 (3 - 2) = 2.1,
// rate 2.2 / 2.1.
TEST(CrostonTest, TheFirstIntervalCountsFromTheStartAndDefaultsToAlphaOneTenth) {
  const absl::StatusOr<CrostonModel> m = FitCroston({0, 2, 0, 0, 4});
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_DOUBLE_EQ(m->alpha, 0.1);
  EXPECT_DOUBLE_EQ(m->demand_size, 2.2);
  EXPECT_DOUBLE_EQ(m->interval, 2.1);
  EXPECT_DOUBLE_EQ(m->rate, 2.2 / 2.1);
  EXPECT_EQ(m->fitted, (std::vector<double>{0, 1, 1, 1}));
  EXPECT_DOUBLE_EQ(m->sse, 4 + 1 + 1 + 9);
}

TEST(CrostonTest, BadSeriesIsRefusedNamingTheField) {
  EXPECT_TRUE(absl::StartsWith(FitCroston({}).status().message(), "series:"));
  EXPECT_TRUE(absl::StartsWith(FitCroston({1, -1, 2}).status().message(), "series:"));
  EXPECT_TRUE(absl::StartsWith(FitCroston({0, 0, 0}).status().message(), "series:"));
  EXPECT_TRUE(absl::StartsWith(FitCroston({1, 2}, 0).status().message(), "alpha:"));
}

}  // namespace
}  // namespace sales::analytics::domain
