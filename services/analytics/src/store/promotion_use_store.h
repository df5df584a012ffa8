// The promotions each order used (order_promotion_facts, from OrderSnapshot.promotions of the
// orders feed), written by ingest into one table set, and the sales promotion lift reads back
// from the live tables: what the orders that used a promotion bought.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::store {

// One promotion an order used.
struct PromotionUse {
  std::string order;           // "orders/{id}"
  std::string promotion;       // "promotions/{id}"
  std::string code;            // the code entered; "" for an automatic promotion
  int64_t discount_minor = 0;  // what it took off the whole order
};

// Records `rows` in the tables of `set`; a use recorded before keeps its row.
void RecordPromotionUses(db::Transaction& tx, TableSet set, const std::vector<PromotionUse>& rows);

// Units, revenue net of discounts and refunds, and cost of what was sold.
struct UseSales {
  int64_t units = 0;
  int64_t revenue_minor = 0;
  int64_t cost_minor = 0;
};

// What the counted (not cancelled) orders placed on days [first_day, end_day) that used
// `promotion` bought (live facts): how many, the discount the promotion took off them, and per
// product their lines' units, revenue net of the lines' discounts less the refunds (net of
// tax) of those orders resolved on the same days, and cost less the refunded cost.
struct PromotionOrders {
  int64_t orders = 0;
  int64_t discount_minor = 0;
  std::map<std::string, UseSales> by_product;
};

PromotionOrders LoadPromotionOrders(db::Transaction& tx, const std::string& promotion,
                                    absl::CivilDay first_day, absl::CivilDay end_day);

}  // namespace sales::analytics::store
