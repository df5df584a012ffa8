#include "services/incentives/src/domain/attainment.h"

#include <algorithm>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"

namespace sales::incentives::domain {

int64_t RoundedRatio(int64_t numerator, int64_t scale, int64_t denominator) {
  const absl::int128 n = absl::int128(numerator) * scale;
  const absl::int128 d = denominator;
  const absl::int128 magnitude = n < 0 ? -n : n;
  const absl::int128 q = (magnitude * 2 + d) / (d * 2);  // half away from zero
  return static_cast<int64_t>(n < 0 ? -q : q);
}

int CompareRatios(int64_t a, int64_t b, int64_t c, int64_t d) {
  const absl::int128 left = absl::int128(a) * d;
  const absl::int128 right = absl::int128(c) * b;
  return left < right ? -1 : (left > right ? 1 : 0);
}

absl::Status CheckAttainmentMetric(std::string_view field, Metric metric) {
  switch (metric) {
    case Metric::kRevenue:
    case Metric::kGrossMargin:
    case Metric::kUnits:
      return absl::OkStatus();
    case Metric::kNewCustomers:
      return absl::InvalidArgumentError(
          absl::StrCat(ToAbsl(field),
                       ": attainment of new customers is not available (the orders feed's "
                       "credits carry no customer to count)"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(ToAbsl(field), ": must be revenue, gross margin or units"));
}

int64_t MetricValue(const SaleAmounts& amounts, Metric metric) {
  switch (metric) {
    case Metric::kRevenue:
      return amounts.revenue;
    case Metric::kGrossMargin:
      return amounts.margin;
    case Metric::kUnits:
      return amounts.units;
    case Metric::kNewCustomers:
      break;
  }
  return 0;
}

PeriodClock ClockOf(const Period& period, absl::CivilDay today) {
  PeriodClock clock;
  clock.period_days = period.Days();
  if (today < period.FirstDay()) {
    clock.days_elapsed = 0;
  } else if (today >= period.EndDay()) {
    clock.days_elapsed = clock.period_days;
  } else {
    clock.days_elapsed = static_cast<int>(today - period.FirstDay()) + 1;
  }
  clock.days_remaining = clock.period_days - clock.days_elapsed;
  return clock;
}

AttainmentFigures ComputeAttainment(int64_t actual, std::optional<int64_t> target,
                                    const Period& period, absl::CivilDay today) {
  AttainmentFigures f;
  f.actual = actual;
  f.clock = ClockOf(period, today);
  f.projected = f.clock.days_elapsed == 0 || f.clock.days_remaining == 0
                    ? actual
                    : RoundedRatio(actual, f.clock.period_days, f.clock.days_elapsed);
  if (target.has_value()) {
    f.has_target = true;
    f.target = *target;
    f.gap = *target - actual;
    if (*target > 0) {
      f.has_ratio = true;
      f.attainment_bp = RatioBp(actual, *target);
      f.projected_bp = RatioBp(f.projected, *target);
    }
  }
  return f;
}

Tally TallyCredits(const std::vector<DayCredit>& credits,
                   const std::map<std::string, std::vector<MembershipSpan>>& spans,
                   const std::vector<std::pair<int64_t, int64_t>>& team_parents) {
  Tally tally;
  std::map<int64_t, CreditSum> direct;
  for (const DayCredit& c : credits) {
    tally.reps[c.rep].Add(c.amounts, c.count);
    if (c.kind != CreditKind::kRevenue) continue;  // overlay: the rep's only
    tally.company.Add(c.amounts, c.count);
    const auto it = spans.find(c.rep);
    if (it == spans.end()) continue;  // unknown rep: the company's only
    if (const std::optional<MembershipSpan> span = SpanOn(it->second, c.day)) {
      direct[span->team].Add(c.amounts, c.count);
    }
  }
  const std::map<int64_t, int64_t> parent(team_parents.begin(), team_parents.end());
  for (const auto& [team, sum] : direct) {
    // Up the tree (which has no cycles; the bound only guards against a broken row).
    int64_t node = team;
    for (size_t depth = 0; node != 0 && depth <= parent.size(); ++depth) {
      tally.teams[node].Add(sum.amounts, sum.count);
      const auto p = parent.find(node);
      node = p == parent.end() ? 0 : p->second;
    }
  }
  return tally;
}

std::optional<int64_t> TeamInScope(const std::vector<MembershipSpan>& spans,
                                   const std::vector<int64_t>& teams, absl::CivilDay first,
                                   absl::CivilDay end) {
  std::optional<int64_t> last;
  absl::CivilDay last_day = first;
  for (const MembershipSpan& span : spans) {
    if (std::find(teams.begin(), teams.end(), span.team) == teams.end()) continue;
    const absl::CivilDay from = std::max(span.first_day, first);
    const absl::CivilDay to = std::min(span.end_day, end);
    if (from >= to) continue;
    if (!last.has_value() || to - 1 >= last_day) {
      last = span.team;
      last_day = to - 1;
    }
  }
  return last;
}

}  // namespace sales::incentives::domain
