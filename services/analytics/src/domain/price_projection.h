// What a proposed price would do to a product's weekly units, revenue and margin under the
// constant-elasticity demand of price_elasticity.h: Q(P) = Q0 (P / P0)^ε (Varian,
// "Intermediate Microeconomics", §15.5), from the current weekly units Q0 at the current
// price P0. The interval carries the elasticity's confidence interval through: units at the
// interval's two ends (the parameter's uncertainty, not the week-to-week noise of demand).
// Money is whole minor units: revenue = Q × P and margin = Q × (P - unit cost), each computed
// in double from the unrounded units and rounded once, half away from zero.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"

namespace sales::analytics::domain {

struct ProjectionInput {
  double base_units = 0;             // Q0: weekly units at the current price
  int64_t current_price_minor = 0;   // P0 > 0
  int64_t proposed_price_minor = 0;  // P > 0
  int64_t unit_cost_minor = 0;       // cost per unit (>= 0)
  double elasticity = 0;             // ε
  double lower = 0;                  // the interval of ε
  double upper = 0;
};

// A week at one price.
struct ProjectedWeek {
  double units = 0;
  int64_t revenue_minor = 0;
  int64_t margin_minor = 0;
};

struct PriceProjection {
  ProjectedWeek current;        // Q0 at P0
  ProjectedWeek proposed;       // at P with ε
  ProjectedWeek proposed_low;   // at P with the end of ε's interval giving fewer units
  ProjectedWeek proposed_high;  // ... and more units
  // The naive baselines at P: elasticity -1 (units move so that revenue stays) and no
  // change (units stay at Q0).
  ProjectedWeek unit_elastic;
  ProjectedWeek no_change;
};

// INVALID_ARGUMENT naming the field: a price not > 0, a negative cost or base, lower >
// upper.
absl::StatusOr<PriceProjection> ProjectPrice(const ProjectionInput& input);

}  // namespace sales::analytics::domain
