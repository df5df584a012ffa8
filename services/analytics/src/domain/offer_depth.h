// The discount depth of an offer chosen from the price elasticity of demand. Under the
// constant-elasticity demand of price_elasticity.h, Q(P) = Q0 (P / P0)^ε (Varian,
// "Intermediate Microeconomics", §15.5), an offer of depth d lowers the price to (1 - d) P0
// and so multiplies the expected take-up by (1 - d)^ε; each order taken at that price keeps
// the margin m - d × v (v: the order's value at the usual price, m: its margin). The
// expected margin, per unit of the take-up without an offer, is
//   M(d) = (1 - d)^ε × (m - d × v)
// and the depth chosen is the d of kOfferDepths with the largest M(d) (equal: the shallower
// one). With ε = 0 (demand that does not answer price) M(d) falls with d and 0 is chosen.
// A customer's elasticity is the mean of the elasticities of the products they bought (each
// the product's own estimate, or its category's when the product has none), unweighted.
#pragma once

#include <array>
#include <optional>
#include <vector>

namespace sales::analytics::domain {

// The depths considered: 0, 5, 10, 15 and 20% off.
inline constexpr std::array<double, 5> kOfferDepths = {0.0, 0.05, 0.10, 0.15, 0.20};

// (1 - depth)^elasticity: how much an offer of `depth` multiplies the take-up.
double TakeUpMultiplier(double elasticity, double depth);

struct DepthChoice {
  double depth = 0;
  double expected_margin = 0;  // M(depth), minor units per order of the take-up without offer
};

// The depth of kOfferDepths maximising M(d) (see above).
DepthChoice ChooseOfferDepth(double elasticity, double order_value_minor,
                             double margin_per_order_minor);

// The unweighted mean of the elasticities of a customer's products; none when empty.
std::optional<double> MeanElasticity(const std::vector<double>& elasticities);

}  // namespace sales::analytics::domain
