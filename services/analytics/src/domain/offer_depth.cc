#include "services/analytics/src/domain/offer_depth.h"

#include <cmath>

namespace sales::analytics::domain {

double TakeUpMultiplier(double elasticity, double depth) {
  return std::pow(1.0 - depth, elasticity);
}

DepthChoice ChooseOfferDepth(double elasticity, double order_value_minor,
                             double margin_per_order_minor) {
  DepthChoice best;
  bool first = true;
  for (const double d : kOfferDepths) {
    const double m =
        TakeUpMultiplier(elasticity, d) * (margin_per_order_minor - d * order_value_minor);
    if (first || m > best.expected_margin) {
      best = {d, m};
      first = false;
    }
  }
  return best;
}

std::optional<double> MeanElasticity(const std::vector<double>& elasticities) {
  if (elasticities.empty()) return std::nullopt;
  double sum = 0;
  for (const double e : elasticities) sum += e;
  return sum / static_cast<double>(elasticities.size());
}

}  // namespace sales::analytics::domain
