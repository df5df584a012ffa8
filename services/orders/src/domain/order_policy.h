// The business settings of one deployment (flags of the orders binary): currency, tax,
// when an order needs an approval, and how long returns are accepted.
#pragma once

#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "services/orders/src/domain/delivery_promise.h"
#include "services/orders/src/domain/member_privileges.h"

namespace sales::orders::domain {

struct OrderPolicy {
  std::string currency = "CNY";                         // --currency, ISO 4217
  int32_t tax_rate_bp = 0;                              // --tax_rate_bp: on discounted line amounts
  int64_t approval_total_minor = 0;                     // --approval_total_minor: 0 = never
  int32_t approval_discount_bp = 0;                     // --approval_discount_bp: 0 = never
  absl::Duration return_window = absl::Hours(24 * 30);  // --return_window_days
  DeliveryRules delivery;                               // --standard_delivery_days, zone
  std::string delivery_time_zone = "UTC";               // IANA name of delivery.zone
  // The membership tiers, lowest first (--tiers), for tier-limited promotions and reserved
  // products; nullptr: no tier checks (and no tier limits can be set).
  const TierLadder* tiers = nullptr;
};

// Whether an order with these amounts needs an explicit approval under `policy`: total
// above approval_total_minor, or discount share of the subtotal above
// approval_discount_bp ("above" is strict; a limit of 0 never applies).
bool NeedsApproval(const OrderPolicy& policy, int64_t subtotal_minor, int64_t discount_minor,
                   int64_t total_minor);

}  // namespace sales::orders::domain
