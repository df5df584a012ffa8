#include "services/analytics/src/domain/nelder_mead.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace sales::analytics::domain {
namespace {

TEST(NelderMeadTest, FindsTheMinimumOfRosenbrocksValley) {
  const Minimum min = MinimizeNelderMead(
      [](const std::vector<double>& v) {
        return 100 * std::pow(v[1] - v[0] * v[0], 2) + std::pow(1 - v[0], 2);
      },
      {-1.2, 1.0});
  EXPECT_TRUE(min.converged);
  EXPECT_NEAR(min.point[0], 1.0, 1e-5);
  EXPECT_NEAR(min.point[1], 1.0, 1e-5);
  EXPECT_LT(min.value, 1e-10);
}

TEST(NelderMeadTest, WalksAwayFromWhereTheFunctionIsUndefined) {
  // ln is undefined for x <= 0; the minimum of x - ln x is at x = 1.
  const Minimum min = MinimizeNelderMead(
      [](const std::vector<double>& v) {
        return v[0] > 0 ? v[0] - std::log(v[0]) : std::numeric_limits<double>::quiet_NaN();
      },
      {3.0}, {.initial_step = 5.0});
  EXPECT_TRUE(min.converged);
  EXPECT_NEAR(min.point[0], 1.0, 1e-5);
}

TEST(NelderMeadTest, SaysWhenItRanOutOfIterations) {
  const Minimum min =
      MinimizeNelderMead([](const std::vector<double>& v) { return v[0] * v[0] + v[1] * v[1]; },
                         {50.0, -30.0}, {.max_iterations = 5});
  EXPECT_FALSE(min.converged);
  EXPECT_EQ(min.iterations, 5);
}

}  // namespace
}  // namespace sales::analytics::domain
