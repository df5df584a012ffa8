// Attainment: an owner's credited actual of a metric in a period against its target, as an
// exact ratio, a gap and a linear pace; and the tally that turns credits into the actuals of
// reps, teams (with their sub-teams) and the company.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "services/incentives/src/domain/credits.h"
#include "services/incentives/src/domain/membership.h"
#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/domain/target.h"

namespace sales::incentives::domain {

// numerator * scale / denominator rounded half away from zero, computed exactly (128-bit);
// `denominator` must be above 0.
int64_t RoundedRatio(int64_t numerator, int64_t scale, int64_t denominator);

// numerator / denominator in basis points (10000 = 100%), rounded half away from zero.
inline int64_t RatioBp(int64_t numerator, int64_t denominator) {
  return RoundedRatio(numerator, 10000, denominator);
}

// -1, 0 or 1 as a/b compares to c/d (b, d above 0), exactly.
int CompareRatios(int64_t a, int64_t b, int64_t c, int64_t d);

// OK for revenue, gross margin and units; INVALID_ARGUMENT naming `field` for new customers
// (credits carry no customer to count) and for anything else.
absl::Status CheckAttainmentMetric(std::string_view field, Metric metric);

// The metric's figure of credited amounts.
int64_t MetricValue(const SaleAmounts& amounts, Metric metric);

// Where `today` stands in a period: today counts as an elapsed day.
struct PeriodClock {
  int period_days = 0;
  int days_elapsed = 0;
  int days_remaining = 0;
};
PeriodClock ClockOf(const Period& period, absl::CivilDay today);

struct AttainmentFigures {
  int64_t actual = 0;
  bool has_target = false;
  int64_t target = 0;
  bool has_ratio = false;  // a target above 0
  int64_t attainment_bp = 0;
  int64_t gap = 0;  // target - actual; 0 without a target
  PeriodClock clock;
  int64_t projected = 0;  // actual / days_elapsed * period_days, rounded half away from zero
  int64_t projected_bp = 0;
};

// The figures of `actual` against `target` (none: nullopt) in `period` as of `today`.
AttainmentFigures ComputeAttainment(int64_t actual, std::optional<int64_t> target,
                                    const Period& period, absl::CivilDay today);

// A rep and a day that applied credits touched (what a watch of attainment is told).
using CreditTouch = std::pair<std::string, absl::CivilDay>;

// Credits summed per rep, day and kind (what the store reads for a period).
struct DayCredit {
  std::string rep;
  absl::CivilDay day;
  CreditKind kind = CreditKind::kRevenue;
  SaleAmounts amounts;
  int64_t count = 0;
};

struct CreditSum {
  SaleAmounts amounts;
  int64_t count = 0;
  void Add(const SaleAmounts& a, int64_t n) {
    amounts = amounts + a;
    count += n;
  }
};

// The actuals of a period:
// - each rep: its revenue and overlay credits;
// - each team: the revenue credits of the reps that were in it on each credit's day (a rep
//   who moved mid-period counts for each team on its own days), plus those of its
//   descendant teams;
// - the company: every revenue credit, unassigned ones included.
// Overlay credits never count in a team or the company.
struct Tally {
  std::map<std::string, CreditSum> reps;
  std::map<int64_t, CreditSum> teams;  // with sub-teams rolled up
  CreditSum company;
};

// `spans` maps each rep to its spans (oldest first); `team_parents` lists every team as
// (id, parent id), the parent 0 for a top-level team.
Tally TallyCredits(const std::vector<DayCredit>& credits,
                   const std::map<std::string, std::vector<MembershipSpan>>& spans,
                   const std::vector<std::pair<int64_t, int64_t>>& team_parents);

// Whether a rep with `spans` was in any team of `teams` on a day of [first, end), and if so
// the team it was in on the last such day.
std::optional<int64_t> TeamInScope(const std::vector<MembershipSpan>& spans,
                                   const std::vector<int64_t>& teams, absl::CivilDay first,
                                   absl::CivilDay end);

}  // namespace sales::incentives::domain
