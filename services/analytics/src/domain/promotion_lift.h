// Promotion lift: the sales of the promoted products during a promotion against the
// baseline the forecast expected without it (incremental units, revenue and margin), and
// the sales the other products of the same category lost to it (cannibalisation). Money is
// exact int64 minor units: the baseline, a forecast in doubles, is summed and then rounded
// once, half away from zero.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace sales::analytics::domain {

// One product's sales over the promotion's days (or one product-day): what the baseline
// forecast expected and what happened.
struct LiftLine {
  bool promoted = false;  // a promoted product, or another product of the same category
  // The baseline forecast, in units and minor units. A units or revenue baseline below 0
  // (an additive model can forecast one) counts as 0: sales cannot be negative. The margin
  // baseline may be negative.
  double baseline_units = 0;
  double baseline_revenue_minor = 0;
  double baseline_margin_minor = 0;
  int64_t actual_units = 0;
  int64_t actual_revenue_minor = 0;  // net of discounts and refunds
  int64_t actual_margin_minor = 0;
};

struct SalesTotals {
  int64_t units = 0;
  int64_t revenue_minor = 0;
  int64_t margin_minor = 0;
  friend bool operator==(const SalesTotals&, const SalesTotals&) = default;
};

struct PromotionLift {
  // The promoted products. Each baseline total is the sum of its lines' baselines (after
  // the floor at 0) rounded once, half away from zero.
  SalesTotals promoted_baseline;
  SalesTotals promoted_actual;
  SalesTotals incremental;  // promoted_actual - promoted_baseline (negative: the promotion lost)
  // The other products of the category, rounded the same way.
  SalesTotals category_baseline;
  SalesTotals category_actual;
  // category_baseline - category_actual per measure when positive, else 0: what the other
  // products sold less than expected, taken on their total (a product that sold more offsets
  // one that sold less).
  SalesTotals cannibalised;
  SalesTotals net_incremental;  // incremental - cannibalised: the category's gain
};

// INVALID_ARGUMENT naming the line and field ("lines[3].baseline_units: ...") for a
// non-finite baseline, and naming `lines` when there is no promoted line or a total does not
// fit int64.
absl::StatusOr<PromotionLift> AssessPromotion(const std::vector<LiftLine>& lines);

}  // namespace sales::analytics::domain
