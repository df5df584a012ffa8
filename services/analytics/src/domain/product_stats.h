// Product statistics: ABC classes by revenue, hot and slow movers against a product's own
// history, days of stock cover and sell-through.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace sales::analytics::domain {

// ---- ABC classes (Pareto analysis of revenue) ----
// Products are sorted by revenue, highest first, equal revenue by product_id ascending.
// A product's share before it is the revenue of the products above it over the total; it is
//   A when that share is below a_percent (80%),
//   B when below b_percent (95%),
//   C otherwise.
// So the product that crosses a boundary belongs to the higher class: A is the shortest run
// of top products whose revenue reaches 80% of the total, and A and B together the shortest
// run reaching 95%. Products with revenue <= 0 (nothing sold, or refunds above sales) are C
// and add nothing to the total, which is the sum of the positive revenues; when it is 0
// every product is C. Comparisons are exact, in integers.
enum class AbcClass { kA, kB, kC };

struct ProductRevenue {
  int64_t product_id = 0;
  int64_t revenue_minor = 0;  // net of discounts and refunds, over the period
};

struct AbcParams {
  int a_percent = 80;
  int b_percent = 95;
};

struct AbcEntry {
  int64_t product_id = 0;
  int64_t revenue_minor = 0;
  // Positive revenue of this product and those above it over the total, 0-1; 0 when the
  // total is 0.
  double cumulative_share = 0;
  AbcClass abc_class = AbcClass::kC;
};

// Every product (one entry each expected), in the order above.
std::vector<AbcEntry> ClassifyAbc(const std::vector<ProductRevenue>& products,
                                  const AbcParams& params = {});

// ---- Hot and slow movers ----
// A product's units sold in the current period against the same product's units in the N
// periods of the same length before it: z = (current - mean) / sd, with the mean and the
// sample standard deviation (n - 1 in the denominator) of those N periods. When sd is 0 (the
// same units every period), z is 0 for the same units now, +infinity for more and -infinity
// for fewer. The product is
//   slow when it sold nothing in the whole current period while it had stock (whatever its
//        history), or when z <= -slow_z;
//   hot  when z >= hot_z;
//   without history when it has fewer than min_history_periods previous periods (and is not
//        slow by the first rule), since a mean and spread of so few periods say little;
//   normal otherwise.
enum class Movement { kNormal, kHot, kSlow, kNoHistory };

struct MoverParams {
  double hot_z = 2.0;
  double slow_z = 2.0;          // slow when z <= -slow_z
  int min_history_periods = 4;  // values below 2 act as 2 (a deviation needs two periods)
};

struct ProductUnits {
  int64_t product_id = 0;
  int64_t current_units = 0;            // sold in the current period, net of returns
  std::vector<int64_t> previous_units;  // sold in each of the N previous periods, any order
  bool had_stock = false;  // units available for sale at some time in the current period
};

struct MoverResult {
  int64_t product_id = 0;
  int64_t current_units = 0;
  double history_mean = 0;  // 0 without previous periods
  double history_sd = 0;    // 0 with fewer than two previous periods
  std::optional<double> z;  // absent with fewer than min_history_periods previous periods
  Movement movement = Movement::kNormal;
};

MoverResult ClassifyMover(const ProductUnits& product, const MoverParams& params = {});

// ---- Days of stock cover ----
// available units / mean daily units sold over a trailing window of `window_days` days
// (units sold in it / window_days). Absent when nothing was sold in the window (units_sold
// <= 0, whatever the stock): the stock would last for ever at that rate, which no number of
// days says; absent also when window_days < 1. Otherwise 0 when nothing is available.
std::optional<double> DaysOfStockCover(int64_t available_units, int64_t units_sold_in_window,
                                       int window_days);

// ---- Sell-through ----
// units sold / (units sold + units on hand at the end), over a period: the share of the
// units the product had to sell in the period that did sell. It is the retail sell-through
// rate, units sold over units available (beginning stock plus receipts), written with the
// end stock, which equals beginning plus receipts minus sales when nothing else moved stock
// (e.g. RepLogic, "What is the sell-through rate and how is it calculated": units sold /
// (units sold + owned inventory)). Negative inputs (returns above sales) count as 0; absent
// when both are 0.
std::optional<double> SellThrough(int64_t units_sold, int64_t units_on_hand_at_end);

}  // namespace sales::analytics::domain
