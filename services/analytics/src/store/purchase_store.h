// Purchases per customer from the live facts, for the customer-value statistics (RFM,
// BG/NBD, Gamma-Gamma): every order not cancelled, on the day it was placed, net of
// discounts and of the refunds resolved within the same days.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"

namespace sales::analytics::store {

struct OrderPurchase {
  std::string customer;   // "customers/{id}"
  absl::CivilDay day;     // in the business time zone
  int64_t net_minor = 0;  // gross - discounts - refunds resolved on days before `to`
};

// The orders placed on days [from, to), in no particular order.
std::vector<OrderPurchase> LoadPurchases(db::Transaction& tx, absl::CivilDay from,
                                         absl::CivilDay to);

}  // namespace sales::analytics::store
