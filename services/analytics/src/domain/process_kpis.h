// Process KPIs: how the sales process runs, from the facts analytics keeps. Each figure
// states what it covers (the counts behind it) and is absent, with a reason, when the data
// for it is not there.
//
// - Sales-cycle length: for the leads won in the period (their first entry into the won
//   stage falls in it, and they are won now), the days from the lead's creation to that win;
//   median and 90th percentile as type-7 sample quantiles (quantiles.h: Hyndman and Fan
//   1996, definition 7, R's default).
// - Customer churn rate: customers active in the base period (the period before: for a
//   quarter, the previous quarter) and not active in this one, over those active in the
//   base period, "active" being at least one counted order placed in the period. This is one
//   minus the period-to-period retention rate of Gupta et al., "Modeling Customer Lifetime
//   Value", Journal of Service Research 9(2), 2006 (customers of one period still buying in
//   the next), the non-contractual form of churn = customers lost / customers at the start.
// - Inventory turnover: cost of goods sold in the period over the average inventory value,
//   the textbook ratio (e.g. APICS Dictionary, "inventory turnover"; Horngren's Cost
//   Accounting): COGS is the cost of the units sold minus that of units returned (the KPIs'
//   cost_minor); the average inventory is the mean over the period's days of the end-of-day
//   on-hand units of every product and warehouse (from the stock events) valued at the
//   product's weighted-average unit cost (cost over units of its counted order lines placed
//   before the period's end). Products never sold have no cost and are left out (counted).
// - Stock-out days: over every product and warehouse with a stock history, the days of the
//   period whose end-of-day on-hand units were zero or less, from the day of its first stock
//   event on (before it, its stock was not known).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace sales::analytics::domain {

// A lead won: when it was created and when it first entered the won stage.
struct WonLead {
  std::string lead;
  absl::Time created;
  absl::Time won;
};

struct SalesCycle {
  int64_t won_leads = 0;
  std::optional<double> median_days;  // absent without won leads
  std::optional<double> p90_days;
};

// Cycles in days (a day being 86400 s of elapsed time), never below 0.
SalesCycle SalesCycleOf(const std::vector<WonLead>& won);

struct ChurnRate {
  int64_t active_base = 0;     // active in the base period
  int64_t churned = 0;         // of those, not active in this one
  std::optional<double> rate;  // churned / active_base; absent when active_base is 0
};

ChurnRate ChurnRateOf(int64_t active_base, int64_t churned);

// A stock event as applied: the on-hand units after it, on its civil day.
struct StockMove {
  std::string product;
  std::string warehouse;
  absl::CivilDay day;
  int64_t on_hand = 0;
};

// A product's counted order lines (before the period's end): cost and units.
struct ProductCost {
  std::string product;
  int64_t cost_minor = 0;
  int64_t units = 0;
};

// A product and warehouse with stock-out days in the period.
struct StockOut {
  std::string product;
  std::string warehouse;
  int64_t days = 0;
};

struct InventoryFigures {
  int days = 0;             // days of the period
  int64_t stock_items = 0;  // products x warehouses with a stock history in the period
  int64_t cost_of_goods_sold_minor = 0;
  int64_t products_without_cost = 0;  // with stock but never sold: left out of the value
  // Σ over days and items of the end-of-day units x unit cost, / days, rounded half away
  // from zero (std::llround); absent without stock items.
  std::optional<int64_t> average_inventory_minor;
  // COGS / average inventory; absent when the average inventory is absent or 0.
  std::optional<double> turnover;
  int64_t stock_out_days = 0;        // summed over the items
  std::vector<StockOut> stock_outs;  // items with stock-out days, most days first (then name)
};

// `moves` grouped by product and warehouse, each group in feed order (as
// store/stock_history_store.h loads them), all before `end_day`; the period is the days
// [first_day, end_day).
InventoryFigures InventoryOf(const std::vector<StockMove>& moves,
                             const std::vector<ProductCost>& costs, int64_t cogs_minor,
                             absl::CivilDay first_day, absl::CivilDay end_day);

}  // namespace sales::analytics::domain
