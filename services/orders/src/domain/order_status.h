// The order state machine: one explicit transition table; every refused move says why,
// naming both statuses.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

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

// Where ConfirmOrder moves an order: IN_REVIEW when it must wait for an approval, else
// straight to CONFIRMED. IN_REVIEW means "waiting for approval" and is recorded only then, so
// an order without approval shows RECEIVED -> CONFIRMED. FAILED_PRECONDITION (naming both
// statuses) when the table forbids the move.
absl::StatusOr<OrderStatus> ConfirmTarget(OrderStatus from, bool requires_approval);
// ApproveOrder: only an IN_REVIEW order can be approved (to CONFIRMED); otherwise
// FAILED_PRECONDITION naming both statuses.
absl::Status CheckApproval(OrderStatus from);

}  // namespace sales::orders::domain
