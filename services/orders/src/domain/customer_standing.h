// Whether a customer may place an order, by the state the customers service gives the
// customer. One rule for both ways orders learns that state: from the customers feed (kept
// in orders' customer_states table, see consumer/customer_events.h) and, for a customer the
// feed has not carried yet, from a call to the customers service (api/customer_checker.h).
#pragma once

#include <optional>
#include <string_view>

#include "absl/status/status.h"

namespace sales::orders::domain {

// Mirrors sales.customers.v1.CustomerState without UNSPECIFIED; the numbers are the proto's
// (and those stored in customer_states.state).
enum class CustomerState { kActive = 1, kArchived = 2, kErased = 3 };

// OK for an active customer; FAILED_PRECONDITION starting with `field` otherwise, e.g.
// "order.customer: customers/7 is archived".
absl::Status CheckCanOrder(std::string_view field, std::string_view customer, CustomerState state);

// The state after the feed reports `reported` for a customer orders knew as `known`
// (nullopt: not seen yet). Erasure is final, as in the customers service's transition
// table: a later event (a replay, an import) does not bring an erased customer back.
CustomerState NextCustomerState(std::optional<CustomerState> known, CustomerState reported);

}  // namespace sales::orders::domain
