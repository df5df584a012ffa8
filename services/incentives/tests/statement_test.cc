// Hand-computed statements for every plan component. Money in minor units (CNY fen): the
// target is 100,000.00 = 10,000,000; rates in parts per million (20000 = 2%).
#include "services/incentives/src/domain/statement.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace sales::incentives::domain {
namespace {

const Period kOctober{PeriodKind::kMonth, 2026, 10};
const Period kNovember{PeriodKind::kMonth, 2026, 11};
constexpr int64_t kTarget = 10000000;

StatementCredit Credit(int64_t id, absl::CivilDay day, int64_t revenue, int64_t margin = 0) {
  StatementCredit c;
  c.id = id;
  c.order = "orders/" + std::to_string(id);
  c.day = day;
  c.amounts = {revenue, margin, 1};
  return c;
}

StatementCredit Reversal(int64_t id, const StatementCredit& of, absl::CivilDay day, int64_t revenue,
                         int64_t margin = 0) {
  StatementCredit c = Credit(id, day, revenue, margin);
  c.order = of.order;
  c.reverses_id = of.id;
  c.original_day = of.day;
  c.amounts.units = -1;
  return c;
}

Component Commission(std::vector<Tier> tiers, TierMode mode, int64_t cap = 0) {
  Component c;
  c.id = "commission";
  c.kind = ComponentKind::kCommission;
  c.commission.tiers = std::move(tiers);
  c.commission.tier_mode = mode;
  c.commission.cap = cap;
  return c;
}

Component Flat(int64_t rate_ppm, std::vector<std::string> categories = {}) {
  Component c;
  c.id = "flat";
  c.kind = ComponentKind::kCommission;
  c.commission.rate_ppm = rate_ppm;
  c.commission.categories = std::move(categories);
  return c;
}

StatementInput Input(std::vector<Component> components, std::vector<StatementCredit> credits,
                     const Period& month = kOctober) {
  StatementInput in;
  in.rep = "li";
  in.month = month;
  in.version = {1, 1};
  in.terms.components = std::move(components);
  in.plan_days = {{month.FirstDay(), month.EndDay()}};
  in.credits = std::move(credits);
  in.target = kTarget;
  return in;
}

const std::vector<Tier> kTiers{{0, 20000}, {8000, 40000}, {10000, 60000}};

// 80,000.00 + 45,000.00 = 125,000.00 against 100,000.00: 12500 bp.
std::vector<StatementCredit> TwoSales() {
  return {Credit(1, absl::CivilDay(2026, 10, 3), 8000000),
          Credit(2, absl::CivilDay(2026, 10, 20), 4500000)};
}

std::vector<int64_t> Amounts(const Statement& s) {
  std::vector<int64_t> out;
  for (const StatementLine& l : s.lines) out.push_back(l.amount);
  return out;
}

TEST(StatementTest, RoundingIsHalfAwayFromZeroOncePerLine) {
  EXPECT_EQ(RoundHalfAway(5, 2), 3);
  EXPECT_EQ(RoundHalfAway(-5, 2), -3);
  EXPECT_EQ(RoundHalfAway(25, 10), 3);  // banker's rounding would give 2
  EXPECT_EQ(RoundHalfAway(24, 10), 2);
  EXPECT_EQ(RoundHalfAway(-26, 10), -3);
  // Three credits of 0.30 at 2.5%: per credit 0.75 fen each would round to 1 fen, 3 in all;
  // once on the line: 0.90 * 2.5% = 2.25 fen -> 2.
  const Statement s =
      ComputeStatement(Input({Flat(25000)}, {Credit(1, absl::CivilDay(2026, 10, 1), 30),
                                             Credit(2, absl::CivilDay(2026, 10, 2), 30),
                                             Credit(3, absl::CivilDay(2026, 10, 3), 30)}));
  EXPECT_EQ(Amounts(s), std::vector<int64_t>{2});
  EXPECT_EQ(s.lines[0].base, 90);
  EXPECT_EQ(s.lines[0].credits.size(), 3u);
  // 0.20 at 2.5% = 0.5 fen: half away from zero -> 1.
  EXPECT_EQ(
      Amounts(ComputeStatement(Input({Flat(25000)}, {Credit(1, absl::CivilDay(2026, 10, 1), 20)}))),
      std::vector<int64_t>{1});
}

TEST(StatementTest, MarginalTiersPayEachBandAtItsOwnRate) {
  // Bands: 0-80,000.00 at 2% = 1,600.00; 80,000.00-100,000.00 at 4% = 800.00;
  // 100,000.00-125,000.00 at 6% (the accelerator above 100%) = 1,500.00. Total 3,900.00.
  const Statement s =
      ComputeStatement(Input({Commission(kTiers, TierMode::kMarginal)}, TwoSales()));
  EXPECT_EQ(s.attainment_bp, 12500);
  ASSERT_EQ(s.lines.size(), 3u);
  EXPECT_EQ(s.lines[0].base, 8000000);
  EXPECT_EQ(s.lines[1].base, 2000000);
  EXPECT_EQ(s.lines[2].base, 2500000);
  EXPECT_EQ(s.lines[2].tier, 3);
  EXPECT_EQ(s.lines[2].rate_ppm, 60000);
  EXPECT_EQ(Amounts(s), (std::vector<int64_t>{160000, 80000, 150000}));
  EXPECT_EQ(s.total, 390000);
  EXPECT_EQ(s.lines[0].credits.size(), 2u);
  EXPECT_EQ(s.lines[0].version.Name(), "plans/1/versions/1");
}

TEST(StatementTest, WholeBaseTiersPayTheReachedRateOnEverything) {
  // 125% reaches tier 3 (from 100%): 6% of 125,000.00 = 7,500.00.
  const Statement s =
      ComputeStatement(Input({Commission(kTiers, TierMode::kWholeBase)}, TwoSales()));
  ASSERT_EQ(s.lines.size(), 1u);
  EXPECT_EQ(s.lines[0].tier, 3);
  EXPECT_EQ(s.total, 750000);
  // Just below 100% (99,990.00: 9999 bp) the accelerator is not reached: 4% of 99,990.00 =
  // 3,999.60.
  const Statement below =
      ComputeStatement(Input({Commission(kTiers, TierMode::kWholeBase)},
                             {Credit(1, absl::CivilDay(2026, 10, 3), 9999000)}));
  EXPECT_EQ(below.attainment_bp, 9999);
  EXPECT_EQ(below.lines[0].tier, 2);
  EXPECT_EQ(below.total, 399960);
}

TEST(StatementTest, ACapTakesOffTheExcessAsItsOwnLine) {
  // Whole base 7,500.00 capped at 5,000.00: a cap line of -2,500.00.
  const Statement s =
      ComputeStatement(Input({Commission(kTiers, TierMode::kWholeBase, 500000)}, TwoSales()));
  EXPECT_EQ(Amounts(s), (std::vector<int64_t>{750000, -250000}));
  EXPECT_EQ(s.lines[1].kind, LineKind::kCap);
  EXPECT_EQ(s.total, 500000);
  // Under the cap nothing is taken: marginal 3,900.00 < 5,000.00.
  EXPECT_EQ(
      ComputeStatement(Input({Commission(kTiers, TierMode::kMarginal, 500000)}, TwoSales())).total,
      390000);
}

TEST(StatementTest, BonusesArePaidForEveryThresholdReached) {
  Component bonus;
  bonus.id = "bonus";
  bonus.kind = ComponentKind::kBonus;
  bonus.bonus.thresholds = {{10000, 100000}, {12000, 50000}};
  // 125%: both thresholds, 1,000.00 + 500.00.
  Statement s = ComputeStatement(Input({bonus}, TwoSales()));
  EXPECT_EQ(Amounts(s), (std::vector<int64_t>{100000, 50000}));
  // 119.99% (119,999.99): only the first.
  s = ComputeStatement(Input({bonus}, {Credit(1, absl::CivilDay(2026, 10, 3), 11999999)}));
  EXPECT_EQ(s.attainment_bp, 11999);
  EXPECT_EQ(Amounts(s), std::vector<int64_t>{100000});
}

TEST(StatementTest, AQuarterlyBonusIsPaidInTheQuartersLastMonthOnTheQuarter) {
  Component bonus;
  bonus.id = "quarter";
  bonus.kind = ComponentKind::kBonus;
  bonus.bonus.frequency = BonusFrequency::kQuarterly;
  bonus.bonus.thresholds = {{10000, 300000}};
  StatementInput in = Input({bonus}, {});
  in.month = {PeriodKind::kMonth, 2026, 12};
  in.plan_days = {{in.month.FirstDay(), in.month.EndDay()}};
  in.quarter = PeriodAttainment{30000000, 30000000};  // 300,000.00 of 300,000.00: 100%
  EXPECT_EQ(ComputeStatement(in).total, 300000);
  in.quarter = PeriodAttainment{30000000, 29999999};
  EXPECT_EQ(ComputeStatement(in).total, 0);
  in.quarter = PeriodAttainment{30000000, 30000000};
  in.month = kNovember;  // not the quarter's last month
  in.plan_days = {{in.month.FirstDay(), in.month.EndDay()}};
  EXPECT_EQ(ComputeStatement(in).total, 0);
}

TEST(StatementTest, ASpiffPaysUnitsOfItsProductSoldInsideItsWindow) {
  Component spiff;
  spiff.id = "spiff";
  spiff.kind = ComponentKind::kSpiff;
  spiff.spiff = {"products/7", 5000, absl::CivilDay(2026, 10, 10), absl::CivilDay(2026, 10, 20)};
  StatementCredit before = Credit(1, absl::CivilDay(2026, 10, 5), 30000);
  before.lines = {{"products/7", "tea", {30000, 0, 3}}};  // outside the window
  StatementCredit inside = Credit(2, absl::CivilDay(2026, 10, 15), 70000);
  inside.lines = {{"products/7", "tea", {20000, 0, 2}}, {"products/8", "tea", {50000, 0, 5}}};
  StatementCredit sold12 = Credit(3, absl::CivilDay(2026, 10, 12), 10000);
  sold12.lines = {{"products/7", "tea", {10000, 0, 1}}};
  // Returned on the 25th, after the window, of a unit sold inside it: it comes off.
  StatementCredit back = Reversal(4, sold12, absl::CivilDay(2026, 10, 25), -10000);
  back.lines = {{"products/7", "tea", {-10000, 0, -1}}};
  // Units: 2 (the 15th) + 1 (the 12th) - 1 (returned) = 2, at 50.00: 100.00.
  const Statement s = ComputeStatement(Input({spiff}, {before, inside, sold12, back}));
  ASSERT_EQ(s.lines.size(), 1u);
  EXPECT_EQ(s.lines[0].base, 2);
  EXPECT_EQ(s.lines[0].amount, 10000);
  EXPECT_EQ(s.lines[0].credits.size(), 3u);
  // Only the sale before the window: no SPIFF line.
  EXPECT_TRUE(ComputeStatement(Input({spiff}, {before})).lines.empty());
}

TEST(StatementTest, CategoryCommissionCountsOnlyItsCategoriesLines) {
  StatementCredit sale = Credit(1, absl::CivilDay(2026, 10, 5), 70000, 30000);
  sale.lines = {{"products/7", "tea", {20000, 10000, 2}},
                {"products/8", "cups", {50000, 20000, 5}}};
  Component margin = Flat(100000, {"tea"});
  margin.commission.basis = Basis::kGrossMargin;
  // 10% of tea's margin 100.00 = 10.00.
  EXPECT_EQ(ComputeStatement(Input({margin}, {sale})).total, 1000);
}

TEST(StatementTest, ARecoverableDrawIsRepaidFromTheNextMonthsEarnings) {
  Component draw;
  draw.id = "draw";
  draw.kind = ComponentKind::kDraw;
  draw.draw = {300000, true};
  // October: 5% of 40,000.00 = 2,000.00 earned, the draw of 3,000.00 pays 1,000.00 more,
  // owed back.
  const Statement october = ComputeStatement(
      Input({Flat(50000), draw}, {Credit(1, absl::CivilDay(2026, 10, 3), 4000000)}));
  EXPECT_EQ(Amounts(october), (std::vector<int64_t>{200000, 100000}));
  EXPECT_EQ(october.lines[1].kind, LineKind::kDraw);
  EXPECT_EQ(october.total, 300000);
  EXPECT_EQ(october.draw_balance, 100000);
  // November: 5% of 80,000.00 = 4,000.00, 1,000.00 above the draw: it repays the 1,000.00.
  StatementInput next =
      Input({Flat(50000), draw}, {Credit(2, absl::CivilDay(2026, 11, 3), 8000000)}, kNovember);
  next.draw_balance_before = october.draw_balance;
  const Statement november = ComputeStatement(next);
  EXPECT_EQ(Amounts(november), (std::vector<int64_t>{400000, -100000}));
  EXPECT_EQ(november.lines[1].kind, LineKind::kDrawRecovery);
  EXPECT_EQ(november.total, 300000);
  EXPECT_EQ(november.draw_balance, 0);
  // With 3,500.00 earned only 500.00 is repaid, 500.00 stays owed.
  next.credits = {Credit(2, absl::CivilDay(2026, 11, 3), 7000000)};
  const Statement partly = ComputeStatement(next);
  EXPECT_EQ(Amounts(partly), (std::vector<int64_t>{350000, -50000}));
  EXPECT_EQ(partly.draw_balance, 50000);
}

TEST(StatementTest, ANonRecoverableDrawIsNeverOwedBack) {
  Component draw;
  draw.id = "draw";
  draw.kind = ComponentKind::kDraw;
  draw.draw = {300000, false};
  const Statement october = ComputeStatement(
      Input({Flat(50000), draw}, {Credit(1, absl::CivilDay(2026, 10, 3), 4000000)}));
  EXPECT_EQ(october.total, 300000);
  EXPECT_EQ(october.draw_balance, 0);
  StatementInput next =
      Input({Flat(50000), draw}, {Credit(2, absl::CivilDay(2026, 11, 3), 8000000)}, kNovember);
  next.draw_balance_before = october.draw_balance;
  EXPECT_EQ(ComputeStatement(next).total, 400000);  // all of the 4,000.00 earned
}

TEST(StatementTest, AnAllowanceIsProratedByTheDaysOfMembership) {
  Component allowance;
  allowance.id = "transport";
  allowance.kind = ComponentKind::kAllowance;
  allowance.allowance.amount = 100000;
  // Moved out of the plan's team on 16 October: 15 of 31 days, 1,000.00 * 15 / 31 =
  // 483.870967... -> 483.87.
  StatementInput in = Input({allowance}, {});
  in.plan_days = {{absl::CivilDay(2026, 10, 1), absl::CivilDay(2026, 10, 16)}};
  Statement s = ComputeStatement(in);
  EXPECT_EQ(s.plan_days, 15);
  EXPECT_EQ(Amounts(s), std::vector<int64_t>{48387});
  // November, 20 of 30 days: 666.666... -> 666.67 (rounded up).
  in.month = kNovember;
  in.plan_days = {{absl::CivilDay(2026, 11, 11), absl::CivilDay(2026, 12, 1)}};
  EXPECT_EQ(Amounts(ComputeStatement(in)), std::vector<int64_t>{66667});
}

TEST(StatementTest, CreditsOutsideThePlanDaysDoNotCount) {
  StatementInput in = Input({Flat(50000)}, TwoSales());
  in.plan_days = {{absl::CivilDay(2026, 10, 1), absl::CivilDay(2026, 10, 16)}};
  // Only the sale of the 3rd (80,000.00): 5% = 4,000.00.
  EXPECT_EQ(ComputeStatement(in).total, 400000);
}

// Whole-base tiers 2% below 100%, 5% from 100%: a sale of 105,000.00 and a return of
// 10,000.00 of it in the same month.
StatementInput ClawbackCase(ClawbackPolicy policy) {
  const StatementCredit sale = Credit(1, absl::CivilDay(2026, 10, 3), 10500000);
  StatementInput in = Input({Commission({{0, 20000}, {10000, 50000}}, TierMode::kWholeBase)},
                            {sale, Reversal(2, sale, absl::CivilDay(2026, 10, 20), -1000000)});
  in.terms.clawback = policy;
  return in;
}

TEST(StatementTest, AClawbackThatLowersAttainmentTakesTheRepBelowTheTier) {
  // Attainment 95,000.00 / 100,000.00 = 95%: tier 1, 2% of 95,000.00 = 1,900.00 (5% of
  // 105,000.00 = 5,250.00 before the return).
  const Statement s = ComputeStatement(ClawbackCase(ClawbackPolicy::kAttainmentAndBase));
  EXPECT_EQ(s.achieved, 9500000);
  EXPECT_EQ(s.attainment_bp, 9500);
  EXPECT_EQ(s.lines[0].tier, 1);
  EXPECT_EQ(s.total, 190000);
}

TEST(StatementTest, AClawbackOnTheBaseOnlyKeepsTheTier) {
  // Attainment counts the sale without its return: 105%, tier 2; 5% of the net base
  // 95,000.00 = 4,750.00.
  const Statement s = ComputeStatement(ClawbackCase(ClawbackPolicy::kBaseOnly));
  EXPECT_EQ(s.achieved, 10500000);
  EXPECT_EQ(s.attainment_bp, 10500);
  EXPECT_EQ(s.lines[0].tier, 2);
  EXPECT_EQ(s.lines[0].base, 9500000);
  EXPECT_EQ(s.total, 475000);
}

TEST(StatementTest, AReversalCountsInTheMonthThePlanSays) {
  const StatementCredit sale = Credit(1, absl::CivilDay(2026, 10, 3), 1000000);
  const StatementCredit back = Reversal(2, sale, absl::CivilDay(2026, 11, 2), -400000);
  StatementInput in = Input({Flat(50000)}, {sale, back});
  // The return's month (default): October keeps 5% of 10,000.00 = 500.00.
  EXPECT_EQ(ComputeStatement(in).total, 50000);
  // The original's month: October is 5% of 6,000.00 = 300.00.
  in.terms.reversal_period = ReversalPeriod::kOriginal;
  EXPECT_EQ(ComputeStatement(in).total, 30000);
}

TEST(StatementTest, ALateReversalOfALockedMonthIsTheDifferenceItMakes) {
  // October was locked with 5% of 105,000.00 = 5,250.00; a return of 10,000.00 counted in
  // October arrives later: October would pay 2% of 95,000.00 = 1,900.00, so -3,350.00.
  StatementInput locked = ClawbackCase(ClawbackPolicy::kAttainmentAndBase);
  const StatementCredit late = locked.credits[1];
  locked.credits.pop_back();
  EXPECT_EQ(ComputeStatement(locked).total, 525000);
  const StatementLine adjustment = AdjustmentLine(locked, {late}, "reps/li/statements/2026-10");
  EXPECT_EQ(adjustment.kind, LineKind::kAdjustment);
  EXPECT_EQ(adjustment.amount, -335000);
  EXPECT_EQ(adjustment.adjusts, "2026-10");
  ASSERT_EQ(adjustment.credits.size(), 1u);
  EXPECT_EQ(adjustment.credits[0].credit_id, 2);
  EXPECT_EQ(adjustment.credits[0].reverses_id, 1);
  // In November's statement it comes before the draw and counts in the total.
  StatementInput november =
      Input({Flat(50000)}, {Credit(3, absl::CivilDay(2026, 11, 3), 1000000)}, kNovember);
  november.adjustments = {adjustment};
  const Statement s = ComputeStatement(november);
  EXPECT_EQ(Amounts(s), (std::vector<int64_t>{50000, -335000}));
  EXPECT_EQ(s.total, -285000);
  EXPECT_EQ(s.credit_ids, (std::vector<int64_t>{2, 3}));
}

// Issue 10, statement gap (a): a late credit of a locked quarter (or year) whose bonus was
// paid in its locked last month lands as an adjustment of that bonus too.
Component QuarterBonus() {
  Component bonus;
  bonus.id = "quarter";
  bonus.kind = ComponentKind::kBonus;
  bonus.bonus.frequency = BonusFrequency::kQuarterly;
  bonus.bonus.thresholds = {{10000, 300000},
                            {12000, 200000}};  // 3,000.00 at 100%, +2,000.00 at 120%
  return bonus;
}

TEST(StatementTest, BonusAtPaysEveryThresholdReached) {
  EXPECT_EQ(BonusAt(QuarterBonus().bonus, 9999), 0);
  EXPECT_EQ(BonusAt(QuarterBonus().bonus, 10000), 300000);
  EXPECT_EQ(BonusAt(QuarterBonus().bonus, 11999), 300000);
  EXPECT_EQ(BonusAt(QuarterBonus().bonus, 12000), 500000);
}

TEST(StatementTest, ALateReturnBelowTheQuarterThresholdTakesTheQuarterlyBonusBack) {
  // Q4 2026, target 300,000.00; 305,000.00 counted when December was locked: 101.66%, bonus
  // 3,000.00 paid. A return of 10,000.00 of a November sale arrives in January: 295,000.00,
  // 98.33%, below 100%: the bonus adjustment is -3,000.00, traced to the return and to
  // December's locked statement.
  const Period q4{PeriodKind::kQuarter, 2026, 4};
  PlanTerms terms;
  terms.components = {Flat(20000), QuarterBonus()};
  const StatementCredit sale = Credit(7, absl::CivilDay(2026, 11, 12), 1000000);
  const StatementCredit late = Reversal(9, sale, absl::CivilDay(2027, 1, 5), -1000000);
  const PeriodAttainment before{30000000, 30500000};
  const std::vector<StatementLine> lines =
      PeriodBonusAdjustments(q4, {3, 2}, terms, before, {late}, "reps/li/statements/2026-12", 2);
  ASSERT_EQ(lines.size(), 1u);
  const StatementLine& l = lines[0];
  EXPECT_EQ(l.kind, LineKind::kAdjustment);
  EXPECT_EQ(l.component, "quarter");
  EXPECT_EQ(l.version, (PlanVersionRef{3, 2}));
  EXPECT_EQ(l.amount, -300000);
  EXPECT_EQ(l.base, 9833);  // 295,000.00 / 300,000.00, rounded down
  EXPECT_EQ(l.tier, 0);
  EXPECT_EQ(l.adjusts, "2026-12");
  ASSERT_EQ(l.credits.size(), 1u);
  EXPECT_EQ(l.credits[0].credit_id, 9);
  EXPECT_EQ(l.credits[0].reverses_id, 7);
  EXPECT_EQ(l.credits[0].base, -1000000);
  EXPECT_EQ(l.explanation,
            "quarter bonus of 2026-Q4 paid in reps/li/statements/2026-12 (locked) recomputed "
            "with 1 later credit: quarter attainment 101.66% -> 98.33%, bonus 3,000.00 -> 0.00");
}

TEST(StatementTest, ALateSaleAboveTheNextQuarterThresholdAddsItsBonus) {
  // 355,000.00 of 300,000.00 (118.33%) paid 3,000.00; a late sale of 5,000.00 makes
  // 360,000.00, exactly 120%: +2,000.00.
  const Period q4{PeriodKind::kQuarter, 2026, 4};
  PlanTerms terms;
  terms.components = {QuarterBonus()};
  const std::vector<StatementLine> lines = PeriodBonusAdjustments(
      q4, {1, 1}, terms, {30000000, 35500000}, {Credit(11, absl::CivilDay(2026, 12, 30), 500000)},
      "reps/li/statements/2026-12", 2);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].amount, 200000);
  EXPECT_EQ(lines[0].base, 12000);
  EXPECT_EQ(lines[0].tier, 2);
}

TEST(StatementTest, ABonusAdjustmentOnlyWhereTheBonusChanges) {
  const Period q4{PeriodKind::kQuarter, 2026, 4};
  const Period y2026{PeriodKind::kYear, 2026, 0};
  PlanTerms terms;
  terms.components = {QuarterBonus()};
  const StatementCredit sale = Credit(7, absl::CivilDay(2026, 11, 12), 1000000);
  const StatementCredit late = Reversal(9, sale, absl::CivilDay(2027, 1, 5), -1000000);
  // 110% -> 106.66%: still one threshold, nothing to adjust.
  EXPECT_TRUE(
      PeriodBonusAdjustments(q4, {1, 1}, terms, {30000000, 33000000}, {late}, "s", 2).empty());
  // Under the base-only clawback policy a reversal never lowers attainment.
  terms.clawback = ClawbackPolicy::kBaseOnly;
  EXPECT_TRUE(
      PeriodBonusAdjustments(q4, {1, 1}, terms, {30000000, 30500000}, {late}, "s", 2).empty());
  // A quarterly bonus is not a yearly one: the year's adjustment looks at yearly bonuses.
  terms.clawback = ClawbackPolicy::kAttainmentAndBase;
  EXPECT_TRUE(
      PeriodBonusAdjustments(y2026, {1, 1}, terms, {120000000, 122000000}, {late}, "s", 2).empty());
  Component yearly = QuarterBonus();
  yearly.id = "year";
  yearly.bonus.frequency = BonusFrequency::kYearly;
  yearly.bonus.thresholds = {{10000, 1000000}};
  terms.components = {QuarterBonus(), yearly};
  // 1,200,000.00 target, 1,205,000.00 counted (100.41%); -10,000.00: 99.58%: -10,000.00.
  const std::vector<StatementLine> year_lines = PeriodBonusAdjustments(
      y2026, {1, 1}, terms, {120000000, 120500000}, {late}, "reps/li/statements/2026-12", 2);
  ASSERT_EQ(year_lines.size(), 1u);
  EXPECT_EQ(year_lines[0].component, "year");
  EXPECT_EQ(year_lines[0].amount, -1000000);
  EXPECT_EQ(year_lines[0].adjusts, "2026-12");
}

TEST(StatementTest, ACreditTracedTwiceCountsOnceInTheStatement) {
  // January 2027 carries the December adjustment and the quarter's bonus adjustment of the
  // same late return: both lines count in the total, the credit once in credit_ids.
  const StatementCredit sale = Credit(7, absl::CivilDay(2026, 11, 12), 1000000);
  const StatementCredit late = Reversal(9, sale, absl::CivilDay(2027, 1, 5), -1000000);
  PlanTerms terms;
  terms.components = {QuarterBonus()};
  std::vector<StatementLine> adjustments = PeriodBonusAdjustments(
      {PeriodKind::kQuarter, 2026, 4}, {1, 1}, terms, {30000000, 30500000}, {late}, "s", 2);
  StatementLine month_line;
  month_line.kind = LineKind::kAdjustment;
  month_line.amount = -20000;
  month_line.adjusts = "2026-11";
  month_line.credits = {{9, sale.order, 7, late.day, -1000000}};
  adjustments.insert(adjustments.begin(), month_line);
  StatementInput january = Input({Flat(20000)}, {}, {PeriodKind::kMonth, 2027, 1});
  january.adjustments = adjustments;
  const Statement s = ComputeStatement(january);
  EXPECT_EQ(s.total, 0 - 20000 - 300000);
  EXPECT_EQ(s.credit_ids, std::vector<int64_t>{9});
}

TEST(StatementTest, ShuffledCreditsAndReversalsGiveIdenticalStatements) {
  Component bonus;
  bonus.id = "bonus";
  bonus.kind = ComponentKind::kBonus;
  bonus.bonus.thresholds = {{9000, 1000}, {11000, 2000}};
  Component spiff;
  spiff.id = "spiff";
  spiff.kind = ComponentKind::kSpiff;
  spiff.spiff = {"products/1", 700, absl::CivilDay(2026, 10, 5), absl::CivilDay(2026, 10, 25)};
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    std::mt19937 rng(seed);
    std::vector<StatementCredit> credits;
    int64_t id = 0;
    const int n = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) {
      StatementCredit sale =
          Credit(++id, absl::CivilDay(2026, 10, 1 + static_cast<int>(rng() % 31)),
                 static_cast<int64_t>(rng() % 900000), static_cast<int64_t>(rng() % 300000));
      sale.lines = {
          {"products/" + std::to_string(1 + rng() % 3), rng() % 2 ? "tea" : "cups", sale.amounts}};
      credits.push_back(sale);
      if (rng() % 3 == 0) {
        StatementCredit back = Reversal(++id, sale, absl::CivilDay(2026, 10, 1 + rng() % 31),
                                        -(sale.amounts.revenue / 2), -(sale.amounts.margin / 2));
        back.lines = {{sale.lines[0].product, sale.lines[0].category, back.amounts}};
        credits.push_back(back);
      }
    }
    StatementInput in =
        Input({Commission(kTiers, rng() % 2 ? TierMode::kMarginal : TierMode::kWholeBase,
                          rng() % 2 ? 0 : 150000),
               Flat(12345, {"tea"}), bonus, spiff},
              credits);
    in.terms.clawback = rng() % 2 ? ClawbackPolicy::kAttainmentAndBase : ClawbackPolicy::kBaseOnly;
    in.target = 1 + static_cast<int64_t>(rng() % 20000000);
    const Statement expected = ComputeStatement(in);
    for (int round = 0; round < 5; ++round) {
      std::shuffle(in.credits.begin(), in.credits.end(), rng);
      ASSERT_EQ(ComputeStatement(in), expected) << "seed " << seed << " round " << round;
    }
  }
}

TEST(StatementTest, TheVersionThatPaidTheCreditDecidesWhereItsReversalCounts) {
  const StatementCredit sale = Credit(1, absl::CivilDay(2026, 10, 20), 100000);
  StatementCredit reversal = Reversal(2, sale, absl::CivilDay(2026, 11, 5), -20000);
  // Unknown payer: the policy given decides.
  EXPECT_EQ(HomeDay(reversal, ReversalPeriod::kOriginal), absl::CivilDay(2026, 10, 20));
  EXPECT_EQ(HomeDay(reversal, ReversalPeriod::kReturn), absl::CivilDay(2026, 11, 5));
  // Paid under "original": October, whatever November's version says; and the other way.
  reversal.paid_policy = ReversalPeriod::kOriginal;
  EXPECT_EQ(HomeMonth(reversal, ReversalPeriod::kReturn), kOctober);
  reversal.paid_policy = ReversalPeriod::kReturn;
  EXPECT_EQ(HomeMonth(reversal, ReversalPeriod::kOriginal), kNovember);
  // A credit that is not a reversal counts on its own day.
  EXPECT_EQ(HomeDay(sale, ReversalPeriod::kOriginal), sale.day);
}

}  // namespace
}  // namespace sales::incentives::domain
