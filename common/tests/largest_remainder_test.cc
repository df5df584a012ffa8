#include "common/largest_remainder.h"

#include <gtest/gtest.h>

#include <numeric>

namespace sales {
namespace {

TEST(LargestRemainderTest, PartsAddUpExactly) {
  // 100.00 by 1:1:1 -> 33.34, 33.33, 33.33 (equal remainders: the earlier part wins).
  EXPECT_EQ(SplitByLargestRemainder(10000, {1, 1, 1}), (std::vector<int64_t>{3334, 3333, 3333}));
  // 1 unit by 1:3: exact 0.25 and 0.75, the unit to the larger remainder.
  EXPECT_EQ(SplitByLargestRemainder(1, {1, 3}), (std::vector<int64_t>{0, 1}));
  // 7000 by revenue shares in basis points 5000/3000/2000.
  EXPECT_EQ(SplitByLargestRemainder(7000, {5000, 3000, 2000}),
            (std::vector<int64_t>{3500, 2100, 1400}));
}

TEST(LargestRemainderTest, NegativeAmountsMirrorPositiveOnes) {
  EXPECT_EQ(SplitByLargestRemainder(-10000, {1, 1, 1}),
            (std::vector<int64_t>{-3334, -3333, -3333}));
}

TEST(LargestRemainderTest, LargeAmountsDoNotOverflow) {
  const int64_t amount = int64_t{9000000000000000000};
  const std::vector<int64_t> parts = SplitByLargestRemainder(amount, {int64_t{1} << 40, 3, 7});
  EXPECT_EQ(std::accumulate(parts.begin(), parts.end(), int64_t{0}), amount);
}

TEST(LargestRemainderTest, NoWeightGivesZeros) {
  EXPECT_EQ(SplitByLargestRemainder(5, {0, 0}), (std::vector<int64_t>{0, 0}));
  EXPECT_TRUE(SplitByLargestRemainder(5, {}).empty());
}

}  // namespace
}  // namespace sales
