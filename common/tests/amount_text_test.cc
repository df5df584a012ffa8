#include "common/amount_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace sales {
namespace {

TEST(AmountTextTest, GroupsThousandsAndKeepsMinorUnits) {
  EXPECT_EQ(FormatGroupedAmount(950000, 2), "9,500.00");
  EXPECT_EQ(FormatGroupedAmount(100000000, 2), "1,000,000.00");
  EXPECT_EQ(FormatGroupedAmount(-5, 2), "-0.05");
  EXPECT_EQ(FormatGroupedAmount(0, 2), "0.00");
  EXPECT_EQ(FormatGroupedAmount(12345, 0), "12,345");
  EXPECT_EQ(FormatGroupedAmount(999, 0), "999");
  EXPECT_EQ(FormatGroupedAmount(1234567, 3), "1,234.567");
  EXPECT_EQ(FormatGroupedAmount(std::numeric_limits<int64_t>::min(), 2),
            "-92,233,720,368,547,758.08");
}

}  // namespace
}  // namespace sales
