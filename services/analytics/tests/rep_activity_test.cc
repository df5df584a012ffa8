#include "services/analytics/src/domain/rep_activity.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

TEST(RepActivityTest, InteractionsByKindAndConversionPerRep) {
  const RepActivitySummary s =
      SummariseRepActivity({{"reps/a", "INTERACTION_KIND_CALL", 6, 4},
                            {"reps/a", "INTERACTION_KIND_VISIT", 2, 2},
                            {"reps/b", "INTERACTION_KIND_EMAIL", 5, 0}},
                           {{"reps/a", true}, {"reps/a", false}, {"reps/c", false}});
  ASSERT_EQ(s.reps.size(), 3u);
  const RepActivityFigures& a = s.reps[0];
  EXPECT_EQ(a.rep, "reps/a");
  EXPECT_EQ(a.interactions, 8);
  EXPECT_EQ(a.lead_interactions, 6);
  EXPECT_EQ(a.by_kind.at("INTERACTION_KIND_CALL"), 6);
  EXPECT_EQ(a.leads_won, 2);
  EXPECT_EQ(a.won_with_interaction, 1);
  EXPECT_DOUBLE_EQ(*a.leads_won_per_interaction, 0.25);
  EXPECT_DOUBLE_EQ(*a.won_with_interaction_share, 0.5);
  // b: activity without wins; c: a win without activity.
  EXPECT_DOUBLE_EQ(*s.reps[1].leads_won_per_interaction, 0.0);
  EXPECT_FALSE(s.reps[1].won_with_interaction_share.has_value());
  EXPECT_FALSE(s.reps[2].leads_won_per_interaction.has_value());
  EXPECT_DOUBLE_EQ(*s.reps[2].won_with_interaction_share, 0.0);
  EXPECT_EQ(s.total.interactions, 13);
  EXPECT_EQ(s.total.leads_won, 3);
  EXPECT_EQ(s.total.by_kind.size(), 3u);
  EXPECT_DOUBLE_EQ(*s.total.leads_won_per_interaction, 3.0 / 13.0);
  EXPECT_DOUBLE_EQ(*s.total.won_with_interaction_share, 1.0 / 3.0);
}

}  // namespace
}  // namespace sales::analytics::domain
