// What the next best actions read besides the RFM and lifetime-value purchases: each
// customer's counted orders with their net and cost (re-engagement's margin per order).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"

namespace sales::analytics::store {

struct CustomerOrderTotals {
  std::string customer;    // "customers/{id}"
  int64_t orders = 0;      // counted orders
  int64_t net_minor = 0;   // their gross - discount, before refunds
  int64_t cost_minor = 0;  // their cost
};

// Every customer's counted orders placed on days before `end_day`, by customer name.
std::vector<CustomerOrderTotals> LoadCustomerOrderTotals(db::Transaction& tx,
                                                         absl::CivilDay end_day);

}  // namespace sales::analytics::store
