#include "services/orders/src/domain/order_policy.h"

#include "absl/numeric/int128.h"

namespace sales::orders::domain {

bool NeedsApproval(const OrderPolicy& policy, int64_t subtotal_minor, int64_t discount_minor,
                   int64_t total_minor) {
  constexpr int64_t kBpPerUnit = 10000;  // basis points in 100%
  if (policy.approval_total_minor > 0 && total_minor > policy.approval_total_minor) return true;
  return policy.approval_discount_bp > 0 &&
         absl::int128(discount_minor) * kBpPerUnit >
             absl::int128(subtotal_minor) * policy.approval_discount_bp;
}

}  // namespace sales::orders::domain
