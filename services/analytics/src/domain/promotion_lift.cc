#include "services/analytics/src/domain/promotion_lift.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"

namespace sales::analytics::domain {
namespace {

// 2^63: totals must stay below it in magnitude to fit int64.
constexpr long double kInt64Limit = 9223372036854775808.0L;

// Sums of one group of lines, before rounding.
struct GroupSums {
  long double baseline[3] = {0, 0, 0};  // units, revenue, margin
  absl::int128 actual[3] = {0, 0, 0};
};

absl::StatusOr<int64_t> RoundOnce(long double sum) {
  const long double rounded = std::round(sum);  // half away from zero
  if (!(std::fabs(rounded) < kInt64Limit)) {
    return absl::InvalidArgumentError("lines: a baseline total does not fit int64");
  }
  return static_cast<int64_t>(rounded);
}

absl::StatusOr<int64_t> Narrow(absl::int128 value) {
  if (value > std::numeric_limits<int64_t>::max() || value < std::numeric_limits<int64_t>::min()) {
    return absl::InvalidArgumentError("lines: a total does not fit int64");
  }
  return static_cast<int64_t>(value);
}

absl::StatusOr<SalesTotals> Totals(const long double (&sums)[3]) {
  int64_t out[3];
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<int64_t> v = RoundOnce(sums[i]);
    if (!v.ok()) return v.status();
    out[i] = *v;
  }
  return SalesTotals{out[0], out[1], out[2]};
}

absl::StatusOr<SalesTotals> Totals(const absl::int128 (&sums)[3]) {
  int64_t out[3];
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<int64_t> v = Narrow(sums[i]);
    if (!v.ok()) return v.status();
    out[i] = *v;
  }
  return SalesTotals{out[0], out[1], out[2]};
}

// a - b per measure, and its positive part when `positive_only`.
absl::StatusOr<SalesTotals> Difference(const SalesTotals& a, const SalesTotals& b,
                                       bool positive_only) {
  const absl::int128 d[3] = {absl::int128(a.units) - b.units,
                             absl::int128(a.revenue_minor) - b.revenue_minor,
                             absl::int128(a.margin_minor) - b.margin_minor};
  absl::int128 clipped[3];
  for (int i = 0; i < 3; ++i) clipped[i] = positive_only && d[i] < 0 ? absl::int128(0) : d[i];
  return Totals(clipped);
}

}  // namespace

absl::StatusOr<PromotionLift> AssessPromotion(const std::vector<LiftLine>& lines) {
  GroupSums promoted, others;
  bool any_promoted = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const LiftLine& line = lines[i];
    const double baselines[3] = {line.baseline_units, line.baseline_revenue_minor,
                                 line.baseline_margin_minor};
    static constexpr const char* kNames[3] = {"baseline_units", "baseline_revenue_minor",
                                              "baseline_margin_minor"};
    GroupSums& group = line.promoted ? promoted : others;
    any_promoted = any_promoted || line.promoted;
    for (int k = 0; k < 3; ++k) {
      if (!std::isfinite(baselines[k])) {
        return absl::InvalidArgumentError(
            absl::StrCat("lines[", i, "].", kNames[k], ": must be a finite number"));
      }
      // Units and revenue cannot be negative; a margin can.
      group.baseline[k] += k < 2 ? std::max(baselines[k], 0.0) : baselines[k];
    }
    group.actual[0] += line.actual_units;
    group.actual[1] += line.actual_revenue_minor;
    group.actual[2] += line.actual_margin_minor;
  }
  if (!any_promoted) return absl::InvalidArgumentError("lines: no promoted product");
  PromotionLift lift;
  absl::StatusOr<SalesTotals> t = Totals(promoted.baseline);
  if (!t.ok()) return t.status();
  lift.promoted_baseline = *t;
  if (t = Totals(promoted.actual); !t.ok()) return t.status();
  lift.promoted_actual = *t;
  if (t = Totals(others.baseline); !t.ok()) return t.status();
  lift.category_baseline = *t;
  if (t = Totals(others.actual); !t.ok()) return t.status();
  lift.category_actual = *t;
  if (t = Difference(lift.promoted_actual, lift.promoted_baseline, false); !t.ok()) {
    return t.status();
  }
  lift.incremental = *t;
  if (t = Difference(lift.category_baseline, lift.category_actual, true); !t.ok()) {
    return t.status();
  }
  lift.cannibalised = *t;
  if (t = Difference(lift.incremental, lift.cannibalised, false); !t.ok()) return t.status();
  lift.net_incremental = *t;
  return lift;
}

}  // namespace sales::analytics::domain
