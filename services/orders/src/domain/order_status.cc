#include "services/orders/src/domain/order_status.h"

#include <array>

#include "absl/strings/str_format.h"

namespace sales::orders::domain {
namespace {

struct StatusMove {
  OrderStatus from;
  OrderStatus to;
};

// The one place the order lifecycle is defined; order.proto documents the same moves.
constexpr std::array<StatusMove, 10> kAllowedMoves = {{
    {OrderStatus::kReceived, OrderStatus::kInReview},   // it waits for approval
    {OrderStatus::kReceived, OrderStatus::kConfirmed},  // no approval needed
    {OrderStatus::kReceived, OrderStatus::kCancelled},
    {OrderStatus::kInReview, OrderStatus::kConfirmed},
    {OrderStatus::kInReview, OrderStatus::kCancelled},
    {OrderStatus::kConfirmed, OrderStatus::kShipped},
    {OrderStatus::kConfirmed, OrderStatus::kCancelled},
    {OrderStatus::kShipped, OrderStatus::kShipped},  // a further partial shipment
    {OrderStatus::kShipped, OrderStatus::kDelivered},
    {OrderStatus::kDelivered, OrderStatus::kCompleted},
}};

constexpr bool IsAllowed(OrderStatus from, OrderStatus to) {
  for (const StatusMove& move : kAllowedMoves) {
    if (move.from == from && move.to == to) return true;
  }
  return false;
}

}  // namespace

std::string_view StatusName(OrderStatus status) {
  switch (status) {
    case OrderStatus::kReceived:
      return "ORDER_STATUS_RECEIVED";
    case OrderStatus::kInReview:
      return "ORDER_STATUS_IN_REVIEW";
    case OrderStatus::kConfirmed:
      return "ORDER_STATUS_CONFIRMED";
    case OrderStatus::kShipped:
      return "ORDER_STATUS_SHIPPED";
    case OrderStatus::kDelivered:
      return "ORDER_STATUS_DELIVERED";
    case OrderStatus::kCompleted:
      return "ORDER_STATUS_COMPLETED";
    case OrderStatus::kCancelled:
      return "ORDER_STATUS_CANCELLED";
  }
  return "ORDER_STATUS_UNSPECIFIED";  // only for a value cast from outside the enum
}

absl::Status CheckTransition(OrderStatus from, OrderStatus to) {
  if (!IsAllowed(from, to)) {
    return absl::FailedPreconditionError(
        absl::StrFormat("cannot move order from %s to %s", StatusName(from), StatusName(to)));
  }
  return absl::OkStatus();
}

std::vector<OrderStatus> AllowedNext(OrderStatus from) {
  std::vector<OrderStatus> next;
  for (const StatusMove& move : kAllowedMoves) {
    if (move.from == from) next.push_back(move.to);
  }
  return next;
}

bool CanCancel(OrderStatus status) { return IsAllowed(status, OrderStatus::kCancelled); }

absl::StatusOr<OrderStatus> ConfirmTarget(OrderStatus from, bool requires_approval) {
  const OrderStatus to = requires_approval ? OrderStatus::kInReview : OrderStatus::kConfirmed;
  if (absl::Status status = CheckTransition(from, to); !status.ok()) return status;
  return to;
}

absl::Status CheckApproval(OrderStatus from) {
  if (from != OrderStatus::kInReview) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "cannot move order from %s to %s by approval: only %s waits for approval", StatusName(from),
        StatusName(OrderStatus::kConfirmed), StatusName(OrderStatus::kInReview)));
  }
  return CheckTransition(from, OrderStatus::kConfirmed);
}

}  // namespace sales::orders::domain
