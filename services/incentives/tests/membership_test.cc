#include "services/incentives/src/domain/membership.h"

#include <gtest/gtest.h>

namespace sales::incentives::domain {
namespace {

absl::CivilDay D(int m, int d) { return absl::CivilDay(2026, m, d); }

TEST(MembershipTest, FirstMoveOpensASpan) {
  const MembershipMove move = *PlanMove({}, 3, D(10, 1));
  ASSERT_TRUE(move.opened.has_value());
  EXPECT_EQ(*move.opened, (MembershipSpan{0, 3, D(10, 1), kOpenEnd}));
  EXPECT_FALSE(move.closed.has_value());
}

TEST(MembershipTest, MidMonthMoveClosesTheDayBeforeAndOpensOnTheDay) {
  const std::vector<MembershipSpan> spans{{7, 3, D(1, 1), kOpenEnd}};
  const MembershipMove move = *PlanMove(spans, 4, D(10, 16));
  ASSERT_TRUE(move.closed.has_value());
  EXPECT_EQ(*move.closed, (MembershipSpan{7, 3, D(1, 1), D(10, 16)}));  // last day 10-15
  ASSERT_TRUE(move.opened.has_value());
  EXPECT_EQ(*move.opened, (MembershipSpan{0, 4, D(10, 16), kOpenEnd}));
  // October: 15 days in team 3, 16 in team 4.
  const std::vector<MembershipSpan> after{*move.closed, *move.opened};
  EXPECT_EQ(TimeInTeam(after, 3, D(10, 1), D(11, 1)).days, 15);
  EXPECT_EQ(TimeInTeam(after, 4, D(10, 1), D(11, 1)).days, 16);
  EXPECT_EQ(SpanOn(after, D(10, 15))->team, 3);
  EXPECT_EQ(SpanOn(after, D(10, 16))->team, 4);
  EXPECT_FALSE(SpanOn(after, absl::CivilDay(2025, 12, 31)).has_value());  // no team yet
}

TEST(MembershipTest, MoveOnTheSpansFirstDayChangesItsTeam) {
  const std::vector<MembershipSpan> spans{{7, 3, D(10, 1), kOpenEnd}};
  const MembershipMove move = *PlanMove(spans, 4, D(10, 1));
  ASSERT_TRUE(move.retargeted.has_value());
  EXPECT_EQ(*move.retargeted, (MembershipSpan{7, 4, D(10, 1), kOpenEnd}));
  EXPECT_FALSE(move.opened.has_value());
  EXPECT_FALSE(move.closed.has_value());
}

TEST(MembershipTest, MoveToTheSameTeamChangesNothing) {
  const std::vector<MembershipSpan> spans{{7, 3, D(1, 1), kOpenEnd}};
  EXPECT_TRUE(PlanMove(spans, 3, D(5, 1))->unchanged);
}

TEST(MembershipTest, MoveBeforeTheCurrentSpanIsRefusedNamingEffectiveDay) {
  const std::vector<MembershipSpan> spans{{1, 2, D(1, 1), D(6, 1)}, {2, 3, D(6, 1), kOpenEnd}};
  const absl::StatusOr<MembershipMove> move = PlanMove(spans, 4, D(5, 31));
  EXPECT_EQ(move.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(move.status().message(),
            "effective_day: 2026-05-31 is before the current membership of teams/3, which starts "
            "on 2026-06-01; earlier history is not rewritten");
}

TEST(MembershipTest, TimeInTeamAcrossLeavingAndComingBack) {
  // Team 3 in January, team 5 in February, team 3 again from 1 March.
  const std::vector<MembershipSpan> spans{
      {1, 3, D(1, 1), D(2, 1)}, {2, 5, D(2, 1), D(3, 1)}, {3, 3, D(3, 1), kOpenEnd}};
  const TeamTime q1 = TimeInTeam(spans, 3, D(1, 1), D(4, 1));
  EXPECT_EQ(q1.days, 31 + 31);
  ASSERT_EQ(q1.spans.size(), 2u);
  EXPECT_EQ(q1.spans[1].end_day, D(4, 1));  // clipped to the period
  EXPECT_EQ(TimeInTeam(spans, 5, D(1, 1), D(4, 1)).days, 28);
  EXPECT_EQ(TimeInTeam(spans, 5, D(4, 1), D(7, 1)).days, 0);
}

TEST(MembershipTest, AMoveAfterAnEndedSpanOpensANewOne) {
  const std::vector<MembershipSpan> spans{{1, 3, D(1, 1), D(2, 1)}};
  const MembershipMove move = *PlanMove(spans, 3, D(3, 1));
  EXPECT_FALSE(move.unchanged);
  ASSERT_TRUE(move.opened.has_value());
  EXPECT_EQ(move.opened->first_day, D(3, 1));
}

}  // namespace
}  // namespace sales::incentives::domain
