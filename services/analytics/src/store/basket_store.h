// The orders as baskets for the market basket and the recommender: every counted order's
// distinct products, read from the live facts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/basket.h"

namespace sales::analytics::store {

struct BasketData {
  std::vector<std::string> products;   // by id; ids follow the names' order
  std::vector<std::string> customers;  // by id
  std::vector<domain::Basket> baskets;
  // Per product (by id): the margin of its lines on these orders, gross - discount - cost,
  // minor units (what the next best action's product offer is worth per order).
  std::vector<int64_t> product_margin_minor;
};

// Counted orders placed on days [first_day, end_day), or every counted order when no range
// is given, with at least one line.
BasketData LoadBaskets(db::Transaction& tx, std::optional<absl::CivilDay> first_day,
                       std::optional<absl::CivilDay> end_day);

// The products of each order alone (the market basket's input: no customer, time or margin).
struct ProductBaskets {
  std::vector<std::string> products;          // by id; ids follow the names' order
  std::vector<std::vector<int32_t>> baskets;  // per order: sorted, distinct product ids
};

// Counted orders placed on days [first_day, end_day) with at least one line.
ProductBaskets LoadProductBaskets(db::Transaction& tx, absl::CivilDay first_day,
                                  absl::CivilDay end_day);

}  // namespace sales::analytics::store
