#include "services/analytics/src/domain/price_projection.h"

#include <algorithm>
#include <cmath>

namespace sales::analytics::domain {
namespace {

ProjectedWeek WeekAt(double units, int64_t price_minor, int64_t unit_cost_minor) {
  ProjectedWeek out;
  out.units = units;
  // std::llround rounds halfway cases away from zero.
  out.revenue_minor = std::llround(units * static_cast<double>(price_minor));
  out.margin_minor = std::llround(units * static_cast<double>(price_minor - unit_cost_minor));
  return out;
}

}  // namespace

absl::StatusOr<PriceProjection> ProjectPrice(const ProjectionInput& in) {
  if (in.current_price_minor <= 0) {
    return absl::InvalidArgumentError("current_price_minor: must be > 0");
  }
  if (in.proposed_price_minor <= 0) {
    return absl::InvalidArgumentError("proposed_price_minor: must be > 0");
  }
  if (in.unit_cost_minor < 0) return absl::InvalidArgumentError("unit_cost_minor: must be >= 0");
  if (!(in.base_units >= 0)) return absl::InvalidArgumentError("base_units: must be >= 0");
  if (!(in.lower <= in.upper)) return absl::InvalidArgumentError("lower: must be <= upper");
  const double ratio =
      static_cast<double>(in.proposed_price_minor) / static_cast<double>(in.current_price_minor);
  auto units_at = [&](double elasticity) { return in.base_units * std::pow(ratio, elasticity); };
  PriceProjection out;
  out.current = WeekAt(in.base_units, in.current_price_minor, in.unit_cost_minor);
  out.proposed = WeekAt(units_at(in.elasticity), in.proposed_price_minor, in.unit_cost_minor);
  const double a = units_at(in.lower);
  const double b = units_at(in.upper);
  out.proposed_low = WeekAt(std::min(a, b), in.proposed_price_minor, in.unit_cost_minor);
  out.proposed_high = WeekAt(std::max(a, b), in.proposed_price_minor, in.unit_cost_minor);
  out.unit_elastic = WeekAt(units_at(-1.0), in.proposed_price_minor, in.unit_cost_minor);
  out.no_change = WeekAt(in.base_units, in.proposed_price_minor, in.unit_cost_minor);
  return out;
}

}  // namespace sales::analytics::domain
