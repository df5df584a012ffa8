// Price history (price elasticity): per product and day, the units sold and the net amount
// actually paid for them (after line discounts and promotions) with their cost, read from
// the live order facts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"

namespace sales::analytics::store {

// One product's counted order lines of one day, summed.
struct ProductDay {
  std::string product;
  std::string category;  // as on the lines (at order time)
  absl::CivilDay day;
  int64_t units = 0;
  int64_t net_minor = 0;   // Σ (gross - discount) of the lines, before tax
  int64_t cost_minor = 0;  // Σ cost of the lines
};

// The counted (not cancelled) orders placed on days [first_day, end_day), by product,
// category and day of the order's create time; only `product` and only `category` when not
// empty. Lines of 0 units are left out. Ordered by product, category, day.
std::vector<ProductDay> LoadProductDays(db::Transaction& tx, absl::CivilDay first_day,
                                        absl::CivilDay end_day, const std::string& product,
                                        const std::string& category);

}  // namespace sales::analytics::store
