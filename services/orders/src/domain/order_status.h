// The order state machine: one explicit transition table; every refused move says why,
// naming both statuses.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace sales::orders::domain {

// Values equal the proto OrderStatus numbers.
enum class OrderStatus {
  kReceived = 1,
  kInReview = 2,
  kConfirmed = 3,
  kShipped = 4,
  kDelivered = 5,
  kCompleted = 6,
  kCancelled = 7,
};

// The proto enum value name, e.g. "ORDER_STATUS_CONFIRMED".
std::string_view StatusName(OrderStatus status);

// OK if the table allows from -> to (SHIPPED -> SHIPPED is a further partial shipment);
// otherwise FAILED_PRECONDITION "cannot move order from ORDER_STATUS_X to ORDER_STATUS_Y".
absl::Status CheckTransition(OrderStatus from, OrderStatus to);
std::vector<OrderStatus> AllowedNext(OrderStatus from);
// Cancellation is allowed only before anything shipped.
bool CanCancel(OrderStatus status);

}  // namespace sales::orders::domain
