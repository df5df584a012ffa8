#include "services/incentives/src/domain/plan.h"

#include <gtest/gtest.h>

namespace sales::incentives::domain {
namespace {

Component TieredCommission(std::vector<Tier> tiers) {
  Component c;
  c.id = "commission";
  c.kind = ComponentKind::kCommission;
  c.commission.tiers = std::move(tiers);
  c.commission.tier_mode = TierMode::kMarginal;
  return c;
}

PlanTerms Terms(std::vector<Component> components) {
  PlanTerms terms;
  terms.components = std::move(components);
  return terms;
}

void ExpectInvalid(const PlanTerms& terms, const std::string& field) {
  const absl::Status status = ValidatePlanTerms("version", terms);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(std::string(status.message()).rfind(field, 0), 0u) << status.message();
}

TEST(PlanTest, ValidTermsPass) {
  EXPECT_TRUE(ValidatePlanTerms(
                  "version", Terms({TieredCommission({{0, 20000}, {8000, 40000}, {10000, 60000}})}))
                  .ok());
}

TEST(PlanTest, BandsMustStartAtZeroAndAscend) {
  ExpectInvalid(Terms({TieredCommission({{100, 20000}})}),
                "version.components[0].commission.tiers[0].from_bp");
  ExpectInvalid(Terms({TieredCommission({{0, 20000}, {8000, 40000}, {8000, 60000}})}),
                "version.components[0].commission.tiers[2].from_bp");
}

TEST(PlanTest, RatesAndAmountsMustNotBeNegative) {
  ExpectInvalid(Terms({TieredCommission({{0, -1}})}),
                "version.components[0].commission.tiers[0].rate_ppm");
  Component flat;
  flat.id = "flat";
  flat.commission.rate_ppm = -5;
  ExpectInvalid(Terms({flat}), "version.components[0].commission.rate_ppm");
  Component allowance;
  allowance.id = "meals";
  allowance.kind = ComponentKind::kAllowance;
  allowance.allowance.amount = -100;
  ExpectInvalid(Terms({allowance}), "version.components[0].allowance.amount");
}

TEST(PlanTest, ComponentIdsAreUniqueAndThereIsOneDraw) {
  Component a;
  a.id = "x";
  a.commission.rate_ppm = 1;
  ExpectInvalid(Terms({a, a}), "version.components[1].id");
  Component d;
  d.id = "draw";
  d.kind = ComponentKind::kDraw;
  d.draw.amount = 100;
  Component d2 = d;
  d2.id = "draw2";
  ExpectInvalid(Terms({d, d2}), "version.components[1].draw");
  ExpectInvalid(Terms({}), "version.components");
}

TEST(PlanTest, BonusThresholdsAscend) {
  Component b;
  b.id = "bonus";
  b.kind = ComponentKind::kBonus;
  b.bonus.thresholds = {{10000, 100}, {9000, 100}};
  ExpectInvalid(Terms({b}), "version.components[0].bonus.thresholds[1].attainment_bp");
}

TEST(PlanTest, ATeamPlanAppliesForTheDaysOfMembership) {
  // In team 1 (plan 7) until 15 October, team 2 (no plan) from the 16th: 15 days of plan 7.
  const std::vector<MembershipSpan> spans{
      {1, 1, absl::CivilDay(2026, 1, 1), absl::CivilDay(2026, 10, 16)},
      {2, 2, absl::CivilDay(2026, 10, 16), kOpenEnd}};
  const Period october{PeriodKind::kMonth, 2026, 10};
  std::vector<PlanAssignment> assignments{{1, 7, "", 1, absl::CivilDay(2026, 1, 1), kOpenEnd}};
  std::optional<RepPlan> plan = ResolveRepPlan("li", spans, assignments, october);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->plan_id, 7);
  EXPECT_EQ(plan->DayCount(), 15);
  ASSERT_EQ(plan->days.size(), 1u);
  EXPECT_EQ(plan->days[0], (DaySpan{absl::CivilDay(2026, 10, 1), absl::CivilDay(2026, 10, 16)}));

  // A direct assignment of plan 9 from the 20th wins on its 12 days, but plan 7 still has
  // more days (15) and is the month's plan.
  assignments.push_back({2, 9, "li", 0, absl::CivilDay(2026, 10, 20), kOpenEnd});
  plan = ResolveRepPlan("li", spans, assignments, october);
  EXPECT_EQ(plan->plan_id, 7);
  // From the 10th the direct one holds 22 days (10-31), the team one 9 (1-9): plan 9.
  assignments[1].first_day = absl::CivilDay(2026, 10, 10);
  plan = ResolveRepPlan("li", spans, assignments, october);
  EXPECT_EQ(plan->plan_id, 9);
  EXPECT_EQ(plan->DayCount(), 22);
  EXPECT_FALSE(ResolveRepPlan("zhang", {}, {assignments[0]}, october).has_value());
}

TEST(PlanTest, TheVersionInForceIsTheLatestEffectiveOneOnOrBeforeTheMonth) {
  const std::vector<PublishedVersion> versions{{1,
                                                {
                                                    PeriodKind::kMonth,
                                                    2026,
                                                    1,
                                                }},
                                               {3, {PeriodKind::kMonth, 2026, 7}}};
  EXPECT_FALSE(VersionInForce(versions, {PeriodKind::kMonth, 2025, 12}).has_value());
  EXPECT_EQ(VersionInForce(versions, {PeriodKind::kMonth, 2026, 6}), 1);
  EXPECT_EQ(VersionInForce(versions, {PeriodKind::kMonth, 2026, 7}), 3);
}

}  // namespace
}  // namespace sales::incentives::domain
