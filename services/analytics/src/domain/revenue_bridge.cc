#include "services/analytics/src/domain/revenue_bridge.h"

#include <map>
#include <set>

#include "absl/numeric/int128.h"
#include "services/analytics/src/domain/rounding.h"

namespace sales::analytics::domain {
namespace {

struct Totals {
  int64_t units = 0;
  int64_t revenue_minor = 0;
};

std::set<int64_t> Customers(const std::vector<SalesCell>& cells) {
  std::set<int64_t> out;
  for (const SalesCell& c : cells) out.insert(c.customer_id);
  return out;
}

}  // namespace

RevenueBridge BridgeRevenue(const std::vector<SalesCell>& base,
                            const std::vector<SalesCell>& current) {
  const std::set<int64_t> base_customers = Customers(base);
  const std::set<int64_t> current_customers = Customers(current);
  RevenueBridge bridge;
  // The retained customers' totals per product in each period.
  std::map<int64_t, Totals> retained_base, retained_current;
  Totals base_all, current_all;
  for (const SalesCell& c : base) {
    bridge.base_revenue_minor += c.revenue_minor;
    if (!current_customers.contains(c.customer_id)) {
      bridge.lost_customers_minor -= c.revenue_minor;
      continue;
    }
    retained_base[c.product_id].units += c.units;
    retained_base[c.product_id].revenue_minor += c.revenue_minor;
    base_all.units += c.units;
    base_all.revenue_minor += c.revenue_minor;
  }
  for (const SalesCell& c : current) {
    bridge.current_revenue_minor += c.revenue_minor;
    if (!base_customers.contains(c.customer_id)) {
      bridge.new_customers_minor += c.revenue_minor;
      continue;
    }
    retained_current[c.product_id].units += c.units;
    retained_current[c.product_id].revenue_minor += c.revenue_minor;
    current_all.units += c.units;
    current_all.revenue_minor += c.revenue_minor;
  }
  bridge.change_minor = bridge.current_revenue_minor - bridge.base_revenue_minor;

  // price: per product (R_B,p - R_A,p U_B,p / U_A,p), rounded; none without units in A or B.
  for (const auto& [product_id, now] : retained_current) {
    auto then = retained_base.find(product_id);
    if (now.units == 0 || then == retained_base.end() || then->second.units == 0) continue;
    const absl::int128 numerator = absl::int128(now.revenue_minor) * then->second.units -
                                   absl::int128(then->second.revenue_minor) * now.units;
    bridge.price_minor += DivideRounded(numerator, then->second.units);
  }
  // volume: (U_B - U_A) R_A / U_A.
  if (base_all.units != 0) {
    bridge.volume_minor = DivideRounded(
        absl::int128(current_all.units - base_all.units) * base_all.revenue_minor, base_all.units);
  }
  bridge.mix_minor = (current_all.revenue_minor - base_all.revenue_minor) - bridge.price_minor -
                     bridge.volume_minor;
  return bridge;
}

}  // namespace sales::analytics::domain
