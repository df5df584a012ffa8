#include "services/analytics/src/domain/process_kpis.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "services/analytics/src/domain/quantiles.h"

namespace sales::analytics::domain {

SalesCycle SalesCycleOf(const std::vector<WonLead>& won) {
  SalesCycle out;
  out.won_leads = static_cast<int64_t>(won.size());
  if (won.empty()) return out;
  std::vector<double> days;
  days.reserve(won.size());
  for (const WonLead& w : won) {
    days.push_back(std::max(0.0, absl::ToDoubleHours(w.won - w.created) / 24.0));
  }
  std::sort(days.begin(), days.end());
  out.median_days = QuantileOfSorted(days, 0.5);
  out.p90_days = QuantileOfSorted(days, 0.9);
  return out;
}

ChurnRate ChurnRateOf(int64_t active_base, int64_t churned) {
  ChurnRate out;
  out.active_base = active_base;
  out.churned = churned;
  if (active_base > 0) out.rate = static_cast<double>(churned) / static_cast<double>(active_base);
  return out;
}

InventoryFigures InventoryOf(const std::vector<StockMove>& moves,
                             const std::vector<ProductCost>& costs, int64_t cogs_minor,
                             absl::CivilDay first_day, absl::CivilDay end_day) {
  InventoryFigures out;
  out.days = static_cast<int>(end_day - first_day);
  out.cost_of_goods_sold_minor = cogs_minor;
  std::map<std::string, const ProductCost*> cost_of;
  for (const ProductCost& c : costs) cost_of[c.product] = &c;

  long double value_days = 0;  // Σ over days of units x unit cost, minor units
  std::map<std::string, bool> without_cost;
  size_t at = 0;
  while (at < moves.size()) {
    // One product and warehouse: its moves [at, next).
    size_t next = at;
    while (next < moves.size() && moves[next].product == moves[at].product &&
           moves[next].warehouse == moves[at].warehouse) {
      ++next;
    }
    const StockMove& first = moves[at];
    if (first.day >= end_day) {
      at = next;
      continue;
    }
    ++out.stock_items;
    const auto cost = cost_of.find(first.product);
    const bool costed = cost != cost_of.end() && cost->second->units > 0;
    if (!costed) without_cost[first.product] = true;
    // Walk the days: the level at the end of a day is the last move on or before it.
    int64_t level = 0;
    bool known = false;
    size_t k = at;
    int64_t out_days = 0;
    int64_t unit_days = 0;  // Σ over days of the end-of-day units
    for (absl::CivilDay day = first_day; day < end_day; ++day) {
      while (k < next && moves[k].day <= day) {
        level = moves[k].on_hand;
        known = true;
        ++k;
      }
      if (!known) continue;
      if (level <= 0) {
        ++out_days;
      } else {
        unit_days += level;
      }
    }
    if (costed) {
      value_days +=
          static_cast<long double>(unit_days) * cost->second->cost_minor / cost->second->units;
    }
    if (out_days > 0) out.stock_outs.push_back({first.product, first.warehouse, out_days});
    out.stock_out_days += out_days;
    at = next;
  }
  out.products_without_cost = static_cast<int64_t>(without_cost.size());
  if (out.stock_items > 0 && out.days > 0) {
    out.average_inventory_minor = std::llround(value_days / out.days);
    if (*out.average_inventory_minor > 0) {
      out.turnover =
          static_cast<double>(cogs_minor) / static_cast<double>(*out.average_inventory_minor);
    }
  }
  std::sort(out.stock_outs.begin(), out.stock_outs.end(), [](const StockOut& a, const StockOut& b) {
    return std::tie(b.days, a.product, a.warehouse) < std::tie(a.days, b.product, b.warehouse);
  });
  return out;
}

}  // namespace sales::analytics::domain
