#include "tools/loadgen/market_truth.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace sales::loadgen {
namespace {

namespace ev = ::sales::events::v1;

constexpr int kPairs = 10;
constexpr double kPairProbability = 0.5;

int ProductIndex(const std::string& product) {
  int k = 0;
  absl::string_view id(product);
  if (!absl::ConsumePrefix(&id, "products/") || !absl::SimpleAtoi(id, &k)) return -1;
  return k;
}

// A well-mixed 64-bit hash (splitmix64's finaliser).
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Units at `factor` times `quantity`, rounded up or down at random so that the expectation
// is exact.
int64_t Scaled(int64_t quantity, double factor, std::mt19937_64& rng) {
  const double exact = static_cast<double>(quantity) * factor;
  const double floor = std::floor(exact);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  return static_cast<int64_t>(floor) + (u(rng) < exact - floor ? 1 : 0);
}

}  // namespace

double MarketTruth::ElasticityOf(const std::string& product) {
  const int k = ProductIndex(product);
  return -0.5 - 0.5 * (k < 0 ? 0 : k % 4);
}

double MarketTruth::DiscountOf(const std::string& product, absl::CivilDay day) const {
  // Weeks start on Monday: 1970-01-05 was one.
  const int64_t week = (day - absl::CivilDay(1970, 1, 5)) / 7;
  const uint64_t h = Mix(seed_ ^ Mix(static_cast<uint64_t>(ProductIndex(product)) * 1000003ULL +
                                     static_cast<uint64_t>(week)));
  const int bucket = static_cast<int>(h % 10);
  if (bucket < 6) return 0.0;
  return 0.1 * (1 + (bucket - 6) % 3);
}

std::vector<std::pair<std::string, std::string>> MarketTruth::PlantedPairs() {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (int i = 0; i < kPairs; ++i) {
    pairs.emplace_back(absl::StrCat("products/", 2 * i + 1), absl::StrCat("products/", 2 * i + 2));
  }
  return pairs;
}

void MarketTruth::Apply(ev::OrderSnapshot& order, absl::CivilDay day, std::mt19937_64& rng) {
  // Bought together: add the second product of a planted pair beside the first.
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (const auto& [a, b] : PlantedPairs()) {
    bool has_a = false;
    bool has_b = false;
    for (const ev::LineSnapshot& line : order.lines()) {
      has_a = has_a || line.product() == a;
      has_b = has_b || line.product() == b;
    }
    auto known = seen_.find(b);
    if (!has_a || has_b || known == seen_.end() || u(rng) >= kPairProbability) continue;
    int32_t next_id = 0;
    for (const ev::LineSnapshot& line : order.lines()) next_id = std::max(next_id, line.line_id());
    ev::LineSnapshot* added = order.add_lines();
    added->set_line_id(next_id + 1);
    added->set_product(b);
    added->set_category(known->second.category);
    added->set_quantity(1);
    added->set_unit_price_minor(known->second.unit_price);
    added->set_unit_cost_minor(known->second.unit_cost);
    added->set_subtotal_minor(known->second.unit_price);
    added->set_cost_minor(known->second.unit_cost);
  }
  // The price response, line by line; the order's totals follow.
  int64_t subtotal = 0;
  int64_t discount = 0;
  int64_t cost = 0;
  for (ev::LineSnapshot& line : *order.mutable_lines()) {
    const int64_t quantity = std::max<int64_t>(1, line.quantity());
    Item& item = seen_[line.product()];
    item.category = line.category();
    item.unit_price =
        line.unit_price_minor() > 0 ? line.unit_price_minor() : line.subtotal_minor() / quantity;
    item.unit_cost =
        line.unit_cost_minor() > 0 ? line.unit_cost_minor() : line.cost_minor() / quantity;
    const double d = DiscountOf(line.product(), day);
    // The share of the line's price paid: the planted markdown's, after a promotion's (kKeep).
    double paid = 1.0 - d;
    double factor = std::pow(paid, ElasticityOf(line.product()));
    if (discounts_ == Discounts::kKeep) {
      const int64_t list = quantity * item.unit_price;
      const double promoted =
          list > 0 ? std::clamp(static_cast<double>(line.discount_minor()) / list, 0.0, 1.0) : 0.0;
      paid = (1.0 - promoted) * (1.0 - d);
      auto reference = reference_prices_.find(line.product());
      const double ref = reference != reference_prices_.end() && reference->second > 0
                             ? static_cast<double>(reference->second)
                             : static_cast<double>(item.unit_price);
      factor = item.unit_price > 0 ? std::pow(paid * static_cast<double>(item.unit_price) / ref,
                                              ElasticityOf(line.product()))
                                   : 1.0;
    }
    const int64_t units = Scaled(quantity, factor, rng);
    line.set_quantity(units);
    line.set_unit_price_minor(item.unit_price);
    line.set_unit_cost_minor(item.unit_cost);
    line.set_subtotal_minor(item.unit_price * units);
    line.set_cost_minor(item.unit_cost * units);
    line.set_discount_minor(
        std::llround(static_cast<double>(line.subtotal_minor()) * (1.0 - paid)));
    subtotal += line.subtotal_minor();
    discount += line.discount_minor();
    cost += line.cost_minor();
  }
  order.set_subtotal_minor(subtotal);
  order.set_discount_minor(discount);
  order.set_cost_minor(cost);
}

}  // namespace sales::loadgen
