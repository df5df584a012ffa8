#include "services/orders/src/domain/returns.h"

#include <algorithm>

#include "absl/numeric/int128.h"
#include "absl/strings/str_format.h"

namespace sales::orders::domain {
namespace {

// floor(amount * n / quantity), with n clamped to [0, quantity]: amount's share of the
// first n units of a line. 128-bit, so that amount * n cannot overflow.
int64_t ShareOfFirstUnits(int64_t amount, int64_t quantity, int64_t n) {
  n = std::clamp<int64_t>(n, 0, quantity);
  if (n == quantity) return amount;
  const absl::int128 exact = absl::int128(amount) * n;
  absl::int128 share = exact / quantity;
  if (exact < 0 && share * quantity != exact) share -= 1;  // floor, for a negative amount
  return static_cast<int64_t>(share);
}

int64_t ProRata(int64_t amount, int64_t quantity, int64_t already_returned, int64_t units) {
  if (quantity <= 0 || units <= 0) return 0;
  const int64_t before = std::clamp<int64_t>(already_returned, 0, quantity);
  const int64_t after = before + std::min(units, quantity - before);
  return ShareOfFirstUnits(amount, quantity, after) - ShareOfFirstUnits(amount, quantity, before);
}

}  // namespace

ChargedLine Charged(const OrderLine& line, int64_t already_returned) {
  ChargedLine c;
  c.quantity = line.quantity;
  c.shipped_quantity = line.shipped_quantity;
  c.returned_quantity = already_returned;
  c.subtotal_minor = line.subtotal_minor();
  c.discount_minor = line.discount_minor;
  c.tax_minor = line.tax_minor;
  return c;
}

absl::Status CheckTakesReturns(std::string_view field, std::string_view order_name,
                               OrderStatus status) {
  if (status == OrderStatus::kDelivered || status == OrderStatus::kCompleted) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrFormat(
      "%s: %s is %s; only %s or %s orders take returns", field, order_name, StatusName(status),
      StatusName(OrderStatus::kDelivered), StatusName(OrderStatus::kCompleted)));
}

absl::Time DeliveredAt(const std::vector<StatusChange>& history) {
  absl::Time delivered = absl::InfinitePast();
  for (const StatusChange& h : history) {
    if (h.to_status == OrderStatus::kDelivered) delivered = h.changed_at;
  }
  if (delivered == absl::InfinitePast() && !history.empty()) delivered = history.back().changed_at;
  return delivered;
}

absl::Status CheckReturnable(std::string_view field, int32_t line_id, const ChargedLine& line,
                             int64_t quantity) {
  if (quantity < 1) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: must be at least 1", field));
  }
  const int64_t returnable = std::max<int64_t>(0, line.shipped_quantity - line.returned_quantity);
  if (quantity > returnable) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "line %d: %d units requested, %d returnable", line_id, quantity, returnable));
  }
  return absl::OkStatus();
}

absl::Status CheckReturnWindow(absl::Time delivered_at, absl::Duration window, absl::Time now) {
  const absl::Time end = delivered_at + window;
  if (now > end) {
    return absl::FailedPreconditionError(
        absl::StrFormat("return window closed: delivered at %s, returns accepted until %s",
                        absl::FormatTime(absl::RFC3339_full, delivered_at, absl::UTCTimeZone()),
                        absl::FormatTime(absl::RFC3339_full, end, absl::UTCTimeZone())));
  }
  return absl::OkStatus();
}

int64_t RefundFor(const ChargedLine& line, int64_t already_returned, int64_t units) {
  const int64_t paid = line.subtotal_minor - line.discount_minor + line.tax_minor;
  return ProRata(paid, line.quantity, already_returned, units);
}

int64_t RefundTaxFor(const ChargedLine& line, int64_t already_returned, int64_t units) {
  return ProRata(line.tax_minor, line.quantity, already_returned, units);
}

}  // namespace sales::orders::domain
