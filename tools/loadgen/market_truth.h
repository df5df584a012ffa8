// Known truth planted in the synthetic orders, so that the pricing and basket figures of the
// prediction benchmark at a million orders can be checked against it (the synthetic feed
// alone has neither a price response nor products bought together).
//
// - Price response: each product runs a promotion in some weeks (no discount in 60% of its
//   weeks, else 10, 20 or 30% off, drawn per product and week), and its units follow a
//   constant elasticity: units scale by (1 - discount)^elasticity. The true elasticity of
//   "products/{k}" is -0.5, -1.0, -1.5 or -2.0 by k % 4.
//   On the demo company's orders (Discounts::kKeep) the discount a line already carries is a
//   promotion's (the demo's festival campaigns) and stays: the planted markdown applies to
//   what it left, and units follow the same constant elasticity of the whole price paid,
//   scaling by (net unit price / reference price)^elasticity, where the reference is the
//   product's highest list price (so the demo's list-price changes answer too, and units
//   never fall below the order's own).
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
  // What the price response does with the discounts the orders already carry.
  enum class Discounts {
    kReplace,  // dropped (the synthetic feed's random discounts answer nothing): the
               // planted markdown is the only discount
    kKeep,     // kept (the demo's promotions), see above; needs the reference prices
  };

  explicit MarketTruth(uint64_t seed) : seed_(seed) {}
  // kKeep: `reference_prices` holds each product's highest list price, minor units (a
  // product missing from it uses the line's own unit price).
  MarketTruth(uint64_t seed, Discounts discounts, std::map<std::string, int64_t> reference_prices)
      : seed_(seed), discounts_(discounts), reference_prices_(std::move(reference_prices)) {}

  // Rewrites the lines of `order`, placed on `day`, as described above (quantities by
  // randomized rounding, so that expected units follow the law exactly; amounts and the
  // order's totals follow the quantities). Each line's unit price and cost stay as they were;
  // with kKeep, so does the share of it a promotion took off.
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
  Discounts discounts_ = Discounts::kReplace;
  std::map<std::string, int64_t> reference_prices_;
  std::map<std::string, Item> seen_;  // the products met so far, for the lines added
};

}  // namespace sales::loadgen
