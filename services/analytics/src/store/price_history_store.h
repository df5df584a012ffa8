// Price history (price elasticity): per product and week, the units sold and the net amount
// actually paid for them (after line discounts and promotions) with their cost, read from
// the live order facts and summed per week in SQL (the model is weekly: one row per product
// and week instead of one per product and day).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"

namespace sales::analytics::store {

// One product's counted order lines of one category in one week, summed.
struct ProductWeek {
  std::string product;
  std::string category;     // as on the lines (at order time)
  int week = 0;             // (day - first_day) / 7: the week's index from the first day
  absl::CivilDay last_day;  // the week's last day with such lines
  int64_t units = 0;
  int64_t net_minor = 0;   // Σ (gross - discount) of the lines, before tax
  int64_t cost_minor = 0;  // Σ cost of the lines
};

// The counted (not cancelled) orders placed on days [first_day, end_day), by product,
// category and week (7-day blocks from first_day, a Monday for ISO weeks) of the day of the
// order's create time; only `product` and only `category` when not empty. Lines of 0 units
// are left out. Ordered by product, category, week.
std::vector<ProductWeek> LoadProductWeeks(db::Transaction& tx, absl::CivilDay first_day,
                                          absl::CivilDay end_day, const std::string& product,
                                          const std::string& category);

}  // namespace sales::analytics::store
