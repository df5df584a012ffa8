// Payout statements: what a rep earns in a month under a plan version, computed on the
// month's totals (so the order in which credits and reversals arrived never matters), each
// line with its trace (credits, plan version, component, tier, rate, base, amount).
//
// Rounding: every line's amount is rounded once, half away from zero, to a minor unit
// (RoundHalfAway); sums of lines are never rounded again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/time/civil_time.h"
#include "services/incentives/src/domain/credit_lines.h"
#include "services/incentives/src/domain/credits.h"
#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/domain/plan.h"

namespace sales::incentives::domain {

// numerator / denominator (> 0) rounded half away from zero: 5/2 -> 3, -5/2 -> -3.
int64_t RoundHalfAway(absl::int128 numerator, int64_t denominator);

// A rep's credit (or reversal: negative amounts) with its lines.
struct StatementCredit {
  int64_t id = 0;
  std::string order;  // "orders/{id}"
  int64_t reverses_id = 0;
  absl::CivilDay day;
  absl::CivilDay original_day = kOpenEnd;  // a reversal's: the day of the credit it reverses
  SaleAmounts amounts;
  std::vector<CreditLine> lines;  // empty: one line without product or category
  // A reversal's, when known: the reversal period of the plan version that paid the credit
  // it reverses (the version in force for the rep's plan in that credit's month). It decides
  // where the reversal counts, whatever version is in force where it happens, so that a
  // clawback reverses what was paid: once, never twice, never lost.
  std::optional<ReversalPeriod> paid_policy;

  bool reversal() const { return reverses_id != 0; }
};

// The day a credit counts on: its own day, or for a reversal under ReversalPeriod::kOriginal
// the day of the credit it reverses. The policy is the credit's paid_policy when set, else
// `policy` (that of the version pricing the credit's original month).
absl::CivilDay HomeDay(const StatementCredit& credit, ReversalPeriod policy);
// The month of HomeDay.
Period HomeMonth(const StatementCredit& credit, ReversalPeriod policy);

// What counts toward attainment in `basis`: every credit's amount, reversals left out under
// ClawbackPolicy::kBaseOnly.
int64_t Achieved(const std::vector<StatementCredit>& credits, const PlanTerms& terms);

// achieved / target in basis points, rounded down, never below 0; 0 without a target.
int64_t AttainmentBp(int64_t achieved, int64_t target);

// Attainment of a quarter or year for its bonuses.
struct PeriodAttainment {
  int64_t target = 0;
  int64_t achieved = 0;
};

enum class LineKind {
  kCommission = 1,
  kCap = 2,
  kBonus = 3,
  kSpiff = 4,
  kDraw = 5,
  kDrawRecovery = 6,
  kAllowance = 7,
  kAdjustment = 8,
};

struct LineCredit {
  int64_t credit_id = 0;
  std::string order;
  int64_t reverses_id = 0;
  absl::CivilDay day;
  int64_t base = 0;
  friend bool operator==(const LineCredit&, const LineCredit&) = default;
};

struct StatementLine {
  LineKind kind = LineKind::kCommission;
  std::string component;
  PlanVersionRef version;
  int tier = 0;  // 1-based; 0 when not tiered
  int64_t rate_ppm = 0;
  int64_t base = 0;
  int64_t amount = 0;
  std::string explanation;
  std::vector<LineCredit> credits;
  std::string adjusts;  // an adjustment's locked month, "YYYY-MM"
  friend bool operator==(const StatementLine&, const StatementLine&) = default;
};

// Everything a statement is computed from.
struct StatementInput {
  std::string rep;  // the id of "reps/{id}"
  Period month;
  PlanVersionRef version;
  PlanTerms terms;
  // The days of the month the plan applies to the rep (RepPlan::days).
  std::vector<DaySpan> plan_days;
  // The rep's credits; those whose HomeDay is on a plan day of the month count, the rest
  // are ignored. Any order.
  std::vector<StatementCredit> credits;
  // The rep's month target of terms.attainment_basis; 0: none.
  int64_t target = 0;
  // For quarterly (yearly) bonuses in the quarter's (year's) last month.
  std::optional<PeriodAttainment> quarter;
  std::optional<PeriodAttainment> year;
  // Recoverable draw owed before the month.
  int64_t draw_balance_before = 0;
  // Adjustment lines (AdjustmentLine) of locked months, added before the draw.
  std::vector<StatementLine> adjustments;
  // Decimals of the currency's minor unit, for the explanations.
  int money_exponent = 2;
};

struct Statement {
  std::string rep;
  Period month;
  PlanVersionRef version;
  int64_t target = 0;
  int64_t achieved = 0;
  int64_t attainment_bp = 0;
  int plan_days = 0;
  std::vector<StatementLine> lines;
  int64_t earnings = 0;  // the lines before the draw and without allowances
  int64_t total = 0;
  int64_t draw_balance = 0;
  std::vector<int64_t> credit_ids;  // the credits that counted (adjustments' included), by id
  friend bool operator==(const Statement&, const Statement&) = default;
};

// The statement of `input`: one line per commission (per tier band of a marginal one), its
// cap, each bonus threshold reached, each SPIFF, each allowance, the adjustments, then the
// draw (or its recovery).
Statement ComputeStatement(const StatementInput& input);

// The adjustment of a locked month: `locked` is the input the month was (or will be) priced
// from, with the credits already accounted for it; `late` are credits of that month that
// came after it was locked. The amount is the month's earnings with them minus without
// them (draw and allowances left out); the trace lists the late credits (base: each one's
// amount in the attainment basis) and names `locked_statement`.
StatementLine AdjustmentLine(const StatementInput& locked, const std::vector<StatementCredit>& late,
                             const std::string& locked_statement);

// The amount a bonus pays at `attainment_bp`: every threshold reached pays its amount.
int64_t BonusAt(const Bonus& bonus, int64_t attainment_bp);

// The adjustments of a quarterly or yearly bonus already paid. `period` is a quarter or a
// year whose last month is locked; that month's locked statement, `locked_statement`, was
// priced by `version` with `terms`. `before` is the period's target and what counted toward
// it without `late`, the period's credits that came after it was locked (home day in the
// period under terms.reversal_period). One line per bonus component of the period's
// frequency whose amount changes: the bonus at the attainment with the late credits minus
// the bonus without them (AdjustmentLine leaves quarterly and yearly bonuses out: a locked
// month's input has no quarter or year). The trace lists the late credits (base: each one's
// amount in the attainment basis); `adjusts` is the locked last month.
std::vector<StatementLine> PeriodBonusAdjustments(
    const Period& period, const PlanVersionRef& version, const PlanTerms& terms,
    const PeriodAttainment& before, const std::vector<StatementCredit>& late,
    const std::string& locked_statement, int money_exponent);

}  // namespace sales::incentives::domain
