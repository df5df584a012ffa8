#include "services/incentives/src/domain/statement.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/amount_text.h"
#include "common/largest_remainder.h"

namespace sales::incentives::domain {
namespace {

int64_t BasisOf(const SaleAmounts& amounts, Basis basis) {
  return basis == Basis::kRevenue ? amounts.revenue : amounts.margin;
}

const char* BasisName(Basis basis) { return basis == Basis::kRevenue ? "revenue" : "gross margin"; }

std::string Money(int64_t amount, int exponent) { return FormatGroupedAmount(amount, exponent); }

// "5%" or "2.5%" or "0.125%" for a rate in parts per million.
std::string RateText(int64_t rate_ppm) {
  std::string text = absl::StrFormat("%d.%04d", rate_ppm / 10000, rate_ppm % 10000);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text + "%";
}

std::string BpText(int64_t bp) { return RateText(bp * 100); }

// The credit's part of a commission's base: its lines in the categories (all when none).
int64_t CommissionBase(const StatementCredit& credit, const Commission& c) {
  if (c.categories.empty()) return BasisOf(credit.amounts, c.basis);
  int64_t base = 0;
  for (const CreditLine& line : credit.lines) {
    if (std::find(c.categories.begin(), c.categories.end(), line.category) != c.categories.end()) {
      base += BasisOf(line.amounts, c.basis);
    }
  }
  return base;
}

int64_t Round(int64_t base, int64_t rate_ppm) {
  return RoundHalfAway(absl::int128(base) * rate_ppm, kPpm);
}

struct Context {
  const StatementInput& in;
  const std::vector<StatementCredit>& counted;
  Statement& out;
  int exponent;
};

void AddCommission(Context& ctx, const Component& component) {
  const Commission& c = component.commission;
  std::vector<LineCredit> trace;
  int64_t base = 0;
  for (const StatementCredit& credit : ctx.counted) {
    const int64_t part = CommissionBase(credit, c);
    base += part;
    trace.push_back({credit.id, credit.order, credit.reverses_id, credit.day, part});
  }
  const std::string what = absl::StrCat(
      BasisName(c.basis),
      c.categories.empty() ? "" : absl::StrCat(" of ", absl::StrJoin(c.categories, ", ")));
  std::vector<StatementLine> lines;
  auto line = [&](int tier, int64_t rate, int64_t line_base, std::string explanation) {
    StatementLine l;
    l.kind = LineKind::kCommission;
    l.component = component.id;
    l.version = ctx.in.version;
    l.tier = tier;
    l.rate_ppm = rate;
    l.base = line_base;
    l.amount = Round(line_base, rate);
    l.explanation = std::move(explanation);
    l.credits = trace;
    lines.push_back(std::move(l));
  };
  if (c.tiers.empty()) {
    line(0, c.rate_ppm, base,
         absl::StrCat(RateText(c.rate_ppm), " of ", what, " ", Money(base, ctx.exponent)));
  } else if (c.tier_mode == TierMode::kWholeBase) {
    size_t reached = 0;
    for (size_t i = 0; i < c.tiers.size(); ++i) {
      if (c.tiers[i].from_bp <= ctx.out.attainment_bp) reached = i;
    }
    line(static_cast<int>(reached + 1), c.tiers[reached].rate_ppm, base,
         absl::StrCat("attainment ", BpText(ctx.out.attainment_bp), " reaches tier ", reached + 1,
                      " (from ", BpText(c.tiers[reached].from_bp),
                      "): ", RateText(c.tiers[reached].rate_ppm), " of all ", what, " ",
                      Money(base, ctx.exponent)));
  } else {
    // Marginal: the achieved amount falls into bands [target * from_bp / 10000, the next
    // one's) (rounded down to a minor unit); the base is shared by the bands in proportion
    // to the achieved amount in each (largest remainder), so that with the base equal to
    // the achieved amount each band holds exactly its part.
    const int64_t achieved = std::max<int64_t>(ctx.out.achieved, 0);
    std::vector<int64_t> portions;
    std::vector<int64_t> bounds;
    for (const Tier& tier : c.tiers) {
      bounds.push_back(
          static_cast<int64_t>(absl::int128(ctx.out.target) * tier.from_bp / kWholeAttainmentBp));
    }
    int64_t total_portion = 0;
    for (size_t i = 0; i < c.tiers.size(); ++i) {
      const int64_t lo = bounds[i];
      int64_t portion = 0;
      if (ctx.out.target <= 0) {
        portion = i == 0 ? achieved : 0;  // no target: everything in the first band
      } else {
        const int64_t hi = i + 1 < bounds.size() ? bounds[i + 1] : INT64_MAX;
        portion = std::max<int64_t>(0, std::min(achieved, hi) - lo);
      }
      portions.push_back(portion);
      total_portion += portion;
    }
    std::vector<int64_t> band_base(c.tiers.size(), 0);
    if (total_portion > 0) {
      band_base = SplitByLargestRemainder(base, portions);
    } else {
      band_base[0] = base;
    }
    for (size_t i = 0; i < c.tiers.size(); ++i) {
      if (band_base[i] == 0 && !(i == 0 && base == 0)) continue;
      const std::string upper =
          i + 1 < c.tiers.size() ? absl::StrCat(" to ", BpText(c.tiers[i + 1].from_bp)) : " up";
      line(static_cast<int>(i + 1), c.tiers[i].rate_ppm, band_base[i],
           absl::StrCat("tier ", i + 1, " (attainment ", BpText(c.tiers[i].from_bp), upper,
                        "): ", RateText(c.tiers[i].rate_ppm), " of ",
                        Money(band_base[i], ctx.exponent), " of ", what));
    }
  }
  int64_t paid = 0;
  for (const StatementLine& l : lines) paid += l.amount;
  for (StatementLine& l : lines) ctx.out.lines.push_back(std::move(l));
  if (c.cap > 0 && paid > c.cap) {
    StatementLine cap;
    cap.kind = LineKind::kCap;
    cap.component = component.id;
    cap.version = ctx.in.version;
    cap.base = paid;
    cap.amount = c.cap - paid;
    cap.explanation =
        absl::StrCat("cap ", Money(c.cap, ctx.exponent), ": ", Money(paid, ctx.exponent),
                     " earned, ", Money(paid - c.cap, ctx.exponent), " above the cap");
    ctx.out.lines.push_back(std::move(cap));
  }
}

void AddBonus(Context& ctx, const Component& component) {
  const Bonus& b = component.bonus;
  int64_t attainment = 0;
  std::string period = "month";
  switch (b.frequency) {
    case BonusFrequency::kMonthly:
      attainment = ctx.out.attainment_bp;
      break;
    case BonusFrequency::kQuarterly:
      if (ctx.in.month.number % 3 != 0 || !ctx.in.quarter.has_value()) return;
      attainment = AttainmentBp(ctx.in.quarter->achieved, ctx.in.quarter->target);
      period = "quarter";
      break;
    case BonusFrequency::kYearly:
      if (ctx.in.month.number != 12 || !ctx.in.year.has_value()) return;
      attainment = AttainmentBp(ctx.in.year->achieved, ctx.in.year->target);
      period = "year";
      break;
  }
  for (size_t i = 0; i < b.thresholds.size(); ++i) {
    if (attainment < b.thresholds[i].attainment_bp) continue;
    StatementLine l;
    l.kind = LineKind::kBonus;
    l.component = component.id;
    l.version = ctx.in.version;
    l.tier = static_cast<int>(i + 1);
    l.base = attainment;
    l.amount = b.thresholds[i].amount;
    l.explanation = absl::StrCat(period, " attainment ", BpText(attainment), " reaches ",
                                 BpText(b.thresholds[i].attainment_bp), ": bonus ",
                                 Money(l.amount, ctx.exponent));
    ctx.out.lines.push_back(std::move(l));
  }
}

void AddSpiff(Context& ctx, const Component& component) {
  const Spiff& s = component.spiff;
  StatementLine l;
  l.kind = LineKind::kSpiff;
  l.component = component.id;
  l.version = ctx.in.version;
  l.rate_ppm = s.amount_per_unit;
  for (const StatementCredit& credit : ctx.counted) {
    // The sale's day: a reversal takes back units sold on the reversed credit's day.
    const absl::CivilDay sold = credit.reversal() ? credit.original_day : credit.day;
    if (sold < s.first_day || sold > s.last_day) continue;
    int64_t units = 0;
    for (const CreditLine& line : credit.lines) {
      if (line.product == s.product) units += line.amounts.units;
    }
    if (units == 0) continue;
    l.base += units;
    l.credits.push_back({credit.id, credit.order, credit.reverses_id, credit.day, units});
  }
  if (l.credits.empty()) return;
  l.amount = l.base * s.amount_per_unit;
  l.explanation =
      absl::StrCat(l.base, " units of ", s.product, " sold ", DayText(s.first_day), " to ",
                   DayText(s.last_day), " at ", Money(s.amount_per_unit, ctx.exponent), " each");
  ctx.out.lines.push_back(std::move(l));
}

void AddAllowance(Context& ctx, const Component& component) {
  const int month_days = ctx.in.month.Days();
  StatementLine l;
  l.kind = LineKind::kAllowance;
  l.component = component.id;
  l.version = ctx.in.version;
  l.base = ctx.out.plan_days;
  l.rate_ppm = month_days;
  l.amount =
      RoundHalfAway(absl::int128(component.allowance.amount) * ctx.out.plan_days, month_days);
  l.explanation = absl::StrCat(Money(component.allowance.amount, ctx.exponent), " for ",
                               ctx.out.plan_days, " of ", month_days, " days");
  ctx.out.lines.push_back(std::move(l));
}

}  // namespace

int64_t RoundHalfAway(absl::int128 numerator, int64_t denominator) {
  const bool negative = numerator < 0;
  const absl::int128 magnitude = negative ? -numerator : numerator;
  absl::int128 rounded = magnitude / denominator;
  if (2 * (magnitude % denominator) >= denominator) ++rounded;  // an exact half goes up
  return static_cast<int64_t>(negative ? -rounded : rounded);
}

absl::CivilDay HomeDay(const StatementCredit& credit, ReversalPeriod policy) {
  const ReversalPeriod decides = credit.paid_policy.value_or(policy);
  if (credit.reversal() && decides == ReversalPeriod::kOriginal &&
      credit.original_day != kOpenEnd) {
    return credit.original_day;
  }
  return credit.day;
}

Period HomeMonth(const StatementCredit& credit, ReversalPeriod policy) {
  const absl::CivilMonth month(HomeDay(credit, policy));
  return {PeriodKind::kMonth, month.year(), month.month()};
}

int64_t Achieved(const std::vector<StatementCredit>& credits, const PlanTerms& terms) {
  int64_t achieved = 0;
  for (const StatementCredit& credit : credits) {
    if (credit.reversal() && terms.clawback == ClawbackPolicy::kBaseOnly) continue;
    achieved += BasisOf(credit.amounts, terms.attainment_basis);
  }
  return achieved;
}

int64_t AttainmentBp(int64_t achieved, int64_t target) {
  if (target <= 0 || achieved <= 0) return 0;
  return static_cast<int64_t>(absl::int128(achieved) * kWholeAttainmentBp / target);
}

Statement ComputeStatement(const StatementInput& in) {
  Statement out;
  out.rep = in.rep;
  out.month = in.month;
  out.version = in.version;
  out.target = in.target;
  for (const DaySpan& span : in.plan_days) out.plan_days += static_cast<int>(span.end - span.first);

  // The credits that count: home day on a plan day of the month; by id, so that the order
  // they arrived in never shows.
  std::vector<StatementCredit> counted;
  for (const StatementCredit& credit : in.credits) {
    const absl::CivilDay home = HomeDay(credit, in.terms.reversal_period);
    if (home < in.month.FirstDay() || home >= in.month.EndDay()) continue;
    const bool on_plan_day = std::any_of(in.plan_days.begin(), in.plan_days.end(),
                                         [&](const DaySpan& s) { return s.Holds(home); });
    if (on_plan_day) counted.push_back(credit);
  }
  std::sort(counted.begin(), counted.end(),
            [](const StatementCredit& a, const StatementCredit& b) { return a.id < b.id; });
  out.achieved = Achieved(counted, in.terms);
  out.attainment_bp = AttainmentBp(out.achieved, out.target);

  Context ctx{in, counted, out, in.money_exponent};
  const Component* draw = nullptr;
  for (const Component& component : in.terms.components) {
    switch (component.kind) {
      case ComponentKind::kCommission:
        AddCommission(ctx, component);
        break;
      case ComponentKind::kBonus:
        AddBonus(ctx, component);
        break;
      case ComponentKind::kSpiff:
        AddSpiff(ctx, component);
        break;
      case ComponentKind::kAllowance:
        AddAllowance(ctx, component);
        break;
      case ComponentKind::kDraw:
        draw = &component;
        break;
    }
  }
  for (const StatementLine& adjustment : in.adjustments) out.lines.push_back(adjustment);
  for (const StatementLine& l : out.lines) {
    if (l.kind != LineKind::kAllowance) out.earnings += l.amount;
  }

  out.draw_balance = in.draw_balance_before;
  if (draw != nullptr) {
    const int64_t guaranteed = draw->draw.amount;
    StatementLine l;
    l.component = draw->id;
    l.version = in.version;
    l.base = out.earnings;
    if (out.earnings < guaranteed) {
      l.kind = LineKind::kDraw;
      l.amount = guaranteed - out.earnings;
      if (draw->draw.recoverable) out.draw_balance += l.amount;
      l.explanation = absl::StrCat(
          "earnings ", Money(out.earnings, ctx.exponent), " below the draw ",
          Money(guaranteed, ctx.exponent), ": ", Money(l.amount, ctx.exponent),
          draw->draw.recoverable ? " paid, to be repaid from later earnings above the draw"
                                 : " paid, not to be repaid");
      out.lines.push_back(std::move(l));
    } else if (draw->draw.recoverable && out.draw_balance > 0 && out.earnings > guaranteed) {
      const int64_t repaid = std::min(out.draw_balance, out.earnings - guaranteed);
      l.kind = LineKind::kDrawRecovery;
      l.amount = -repaid;
      out.draw_balance -= repaid;
      l.explanation =
          absl::StrCat("earnings ", Money(out.earnings, ctx.exponent), " above the draw ",
                       Money(guaranteed, ctx.exponent), " repay ", Money(repaid, ctx.exponent),
                       " of the draw owed; ", Money(out.draw_balance, ctx.exponent), " still owed");
      out.lines.push_back(std::move(l));
    }
  }
  for (const StatementLine& l : out.lines) out.total += l.amount;
  for (const StatementCredit& credit : counted) out.credit_ids.push_back(credit.id);
  for (const StatementLine& adjustment : in.adjustments) {
    for (const LineCredit& c : adjustment.credits) out.credit_ids.push_back(c.credit_id);
  }
  // A late credit may be traced by a month's adjustment and by a bonus adjustment: once.
  std::sort(out.credit_ids.begin(), out.credit_ids.end());
  out.credit_ids.erase(std::unique(out.credit_ids.begin(), out.credit_ids.end()),
                       out.credit_ids.end());
  return out;
}

StatementLine AdjustmentLine(const StatementInput& locked, const std::vector<StatementCredit>& late,
                             const std::string& locked_statement) {
  StatementInput before = locked;
  before.adjustments.clear();
  before.draw_balance_before = 0;
  StatementInput after = before;
  for (const StatementCredit& credit : late) after.credits.push_back(credit);
  const Statement was = ComputeStatement(before);
  const Statement now = ComputeStatement(after);
  StatementLine l;
  l.kind = LineKind::kAdjustment;
  l.version = locked.version;
  l.base = now.earnings;
  l.amount = now.earnings - was.earnings;
  l.adjusts = locked.month.Label();
  std::vector<StatementCredit> sorted = late;
  std::sort(sorted.begin(), sorted.end(),
            [](const StatementCredit& a, const StatementCredit& b) { return a.id < b.id; });
  for (const StatementCredit& credit : sorted) {
    l.credits.push_back({credit.id, credit.order, credit.reverses_id, credit.day,
                         BasisOf(credit.amounts, locked.terms.attainment_basis)});
  }
  l.explanation = absl::StrCat(locked_statement, " (locked) recomputed with ", sorted.size(),
                               " later credit", sorted.size() == 1 ? "" : "s", ": earnings ",
                               Money(was.earnings, locked.money_exponent), " -> ",
                               Money(now.earnings, locked.money_exponent));
  return l;
}

int64_t BonusAt(const Bonus& bonus, int64_t attainment_bp) {
  int64_t amount = 0;
  for (const BonusThreshold& t : bonus.thresholds) {
    if (attainment_bp >= t.attainment_bp) amount += t.amount;
  }
  return amount;
}

std::vector<StatementLine> PeriodBonusAdjustments(
    const Period& period, const PlanVersionRef& version, const PlanTerms& terms,
    const PeriodAttainment& before, const std::vector<StatementCredit>& late,
    const std::string& locked_statement, int money_exponent) {
  std::vector<StatementLine> out;
  if (period.kind == PeriodKind::kMonth || late.empty()) return out;
  const BonusFrequency frequency =
      period.kind == PeriodKind::kQuarter ? BonusFrequency::kQuarterly : BonusFrequency::kYearly;
  const int64_t was_bp = AttainmentBp(before.achieved, before.target);
  const int64_t now_bp = AttainmentBp(before.achieved + Achieved(late, terms), before.target);
  std::vector<StatementCredit> sorted = late;
  std::sort(sorted.begin(), sorted.end(),
            [](const StatementCredit& a, const StatementCredit& b) { return a.id < b.id; });
  const std::vector<Period> months = period.Months();
  for (const Component& component : terms.components) {
    if (component.kind != ComponentKind::kBonus || component.bonus.frequency != frequency) {
      continue;
    }
    const int64_t was = BonusAt(component.bonus, was_bp);
    const int64_t now = BonusAt(component.bonus, now_bp);
    if (was == now) continue;
    StatementLine l;
    l.kind = LineKind::kAdjustment;
    l.component = component.id;
    l.version = version;
    for (const BonusThreshold& t : component.bonus.thresholds) {
      if (now_bp >= t.attainment_bp) ++l.tier;
    }
    l.base = now_bp;
    l.amount = now - was;
    l.adjusts = months.back().Label();
    for (const StatementCredit& credit : sorted) {
      l.credits.push_back({credit.id, credit.order, credit.reverses_id, credit.day,
                           BasisOf(credit.amounts, terms.attainment_basis)});
    }
    l.explanation = absl::StrCat(
        period.KindName(), " bonus of ", period.Label(), " paid in ", locked_statement,
        " (locked) recomputed with ", sorted.size(), " later credit", sorted.size() == 1 ? "" : "s",
        ": ", period.KindName(), " attainment ", BpText(was_bp), " -> ", BpText(now_bp), ", bonus ",
        Money(was, money_exponent), " -> ", Money(now, money_exponent));
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace sales::incentives::domain
