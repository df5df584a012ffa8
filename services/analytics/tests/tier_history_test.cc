#include "services/analytics/src/domain/tier_history.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

absl::Time At(int day, int hour) {
  return absl::FromCivil(absl::CivilSecond(2026, 3, day, hour, 0, 0), absl::UTCTimeZone());
}

TEST(TierHistory, AFirstChangeRecordsTheTierHeldBeforeIt) {
  const std::vector<TierSpan> spans =
      SpansAfterChange(std::nullopt, {At(5, 10), "standard", "silver"});
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0], (TierSpan{TierHistoryStart(), At(5, 10), "standard"}));
  EXPECT_EQ(spans[1], (TierSpan{At(5, 10), TierHistoryEnd(), "silver"}));
}

TEST(TierHistory, AFirstChangeFromNoTierOpensOnlyTheNewSpan) {
  const std::vector<TierSpan> spans = SpansAfterChange(std::nullopt, {At(5, 10), "", "silver"});
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0], (TierSpan{At(5, 10), TierHistoryEnd(), "silver"}));
}

TEST(TierHistory, ALaterChangeEndsTheOpenSpanAtItsTime) {
  const TierSpan open{At(5, 10), TierHistoryEnd(), "silver"};
  const std::vector<TierSpan> spans = SpansAfterChange(open, {At(9, 8), "silver", "gold"});
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0], (TierSpan{At(5, 10), At(9, 8), "silver"}));
  EXPECT_EQ(spans[1], (TierSpan{At(9, 8), TierHistoryEnd(), "gold"}));
}

TEST(TierHistory, AChangeAtOrBeforeTheOpenSpansStartRetiersIt) {
  const TierSpan open{At(5, 10), TierHistoryEnd(), "silver"};
  for (const absl::Time at : {At(5, 10), At(4, 10)}) {
    const std::vector<TierSpan> spans = SpansAfterChange(open, {at, "silver", "gold"});
    ASSERT_EQ(spans.size(), 1u);
    EXPECT_EQ(spans[0], (TierSpan{At(5, 10), TierHistoryEnd(), "gold"}));
  }
}

TEST(TierHistory, TheBoundsHoldEveryTime) {
  EXPECT_LT(TierHistoryStart(), At(1, 0));
  EXPECT_GT(TierHistoryEnd(), At(1, 0));
  EXPECT_EQ(absl::FormatTime("%Y-%m-%d", TierHistoryStart(), absl::UTCTimeZone()), "1000-01-01");
}

}  // namespace
}  // namespace sales::analytics::domain
