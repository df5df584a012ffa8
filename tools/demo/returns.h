// Returns of live orders: requested after delivery, then rejected with a reason, or
// received back and resolved by restocking or scrapping the goods (with the refund).
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "tools/demo/options.h"
#include "tools/demo/orders_plan.h"
#include "tools/demo/rpc_clients.h"

namespace sales::demo {

struct ReturnOutcome {
  bool rejected = false;
  bool scrapped = false;
  int64_t refund_minor = 0;  // refunded, minor units
};

// Runs the return `plan` of delivered order `order` ("orders/{id}"); `key` ("order-17")
// makes its request ids.
absl::StatusOr<ReturnOutcome> RunReturn(const DemoOptions& options, Clients& clients,
                                        const std::string& order, const ReturnPlan& plan,
                                        const std::string& key);

}  // namespace sales::demo
