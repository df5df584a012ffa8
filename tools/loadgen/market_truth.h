// Known truth planted in the synthetic orders, so that the pricing and basket figures of the
// prediction benchmark at a million orders can be checked against it (the synthetic feed
// alone has neither a price response nor products bought together).
//
// - Price response: each product runs a promotion in some weeks (no discount in 60% of its
//   weeks, else 10, 20 or 30% off, drawn per product and week), and its units follow a
//   constant elasticity: units scale by (1 - discount)^elasticity. The true elasticity of
//   "products/{k}" is -0.5, -1.0, -1.5 or -2.0 by k % 4.
// - Bought together: for ten planted pairs (products/1 and /2, /3 and /4, ... /19 and /20),
//   an order holding the first without the second gets a line of the second with
//   probability 0.5, so the pair's lift is far above any other pair's.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "sales/events/v1/event.pb.h"

namespace sales::loadgen {

class MarketTruth final {
 public:
  explicit MarketTruth(uint64_t seed) : seed_(seed) {}

  // Rewrites the lines of `order`, placed on `day`, as described above (quantities by
  // randomized rounding, so that expected units follow the law exactly; amounts and the
  // order's totals follow the quantities). Each line's unit price and cost stay as they were.
  void Apply(sales::events::v1::OrderSnapshot& order, absl::CivilDay day, std::mt19937_64& rng);

  // The true elasticity of `product` ("products/{k}").
  static double ElasticityOf(const std::string& product);
  // The discount (0, 0.1, 0.2 or 0.3) of `product` in the week of `day`.
  double DiscountOf(const std::string& product, absl::CivilDay day) const;
  static std::vector<std::pair<std::string, std::string>> PlantedPairs();

 private:
  struct Item {
    std::string category;
    int64_t unit_price = 0;
    int64_t unit_cost = 0;
  };
  uint64_t seed_;
  std::map<std::string, Item> seen_;  // the products met so far, for the lines added
};

}  // namespace sales::loadgen
