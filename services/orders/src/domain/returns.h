// Return rules: how many units may come back, within which window, and what is refunded.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/orders/src/domain/order.h"
#include "services/orders/src/domain/return_status.h"

namespace sales::orders::domain {

// What a line was charged, to compute refunds from.
struct ChargedLine {
  int64_t quantity = 0;
  int64_t shipped_quantity = 0;   // delivered, for a delivered or completed order
  int64_t returned_quantity = 0;  // already returned or requested in open returns
  int64_t subtotal_minor = 0;
  int64_t discount_minor = 0;
  int64_t tax_minor = 0;
};

// What `line` was charged, with `already_returned` units of it in earlier returns; every
// unit counts as delivered once the line shipped (shipped_quantity).
ChargedLine Charged(const OrderLine& line, int64_t already_returned);

// INVALID_ARGUMENT naming `field` if quantity < 1; FAILED_PRECONDITION if more than
// delivered minus already returned ("line N: 3 units requested, 2 returnable").
absl::Status CheckReturnable(std::string_view field, int32_t line_id, const ChargedLine& line,
                             int64_t quantity);

// Only a DELIVERED or COMPLETED order takes returns: FAILED_PRECONDITION naming `field`,
// `order_name` and its status otherwise.
absl::Status CheckTakesReturns(std::string_view field, std::string_view order_name,
                               OrderStatus status);

// When the goods reached the customer, from the order's status history: the last move to
// DELIVERED, or for an imported order that never recorded one, its last status change
// (InfinitePast for an empty history).
absl::Time DeliveredAt(const std::vector<StatusChange>& history);

// FAILED_PRECONDITION when `now` is later than delivered_at + window (exactly at the end is
// still inside the window).
absl::Status CheckReturnWindow(absl::Time delivered_at, absl::Duration window, absl::Time now);

// What the customer paid for `units` of the line after discounts, with tax, pro rata by
// units; the last units of a line get the remainder so that returning every unit refunds
// exactly the line total. `already_returned` units were refunded before.
// Exactly: with paid = subtotal - discount + tax and F(n) = floor(paid * n / quantity), the
// refund of units (a, a + u] is F(a + u) - F(a). Each refund is at most one minor unit
// below its exact share, what rounding holds back goes to later units, and F(quantity) is
// paid. Units beyond the line's quantity refund nothing; a line of quantity 0 refunds 0.
int64_t RefundFor(const ChargedLine& line, int64_t already_returned, int64_t units);
// The tax part of that refund, by the same rule.
int64_t RefundTaxFor(const ChargedLine& line, int64_t already_returned, int64_t units);

}  // namespace sales::orders::domain
