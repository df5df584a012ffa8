// What every orders handler needs: the pool, page tokens, the policy settings and the
// customers-service check. Built once in main() and shared read-only.
#pragma once

#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/page_token.h"
#include "services/orders/src/api/customer_checker.h"

namespace sales::orders::api {

// Business rules that differ per deployment (flags of the orders binary).
struct OrderPolicy {
  std::string currency = "CNY";                         // --currency
  int32_t tax_rate_bp = 0;                              // --tax_rate_bp: on discounted line amounts
  int64_t approval_total_minor = 0;                     // --approval_total_minor: 0 = never
  int32_t approval_discount_bp = 0;                     // --approval_discount_bp: 0 = never
  absl::Duration return_window = absl::Hours(24 * 30);  // --return_window_days
};

struct HandlerContext {
  db::ConnectionPool* pool = nullptr;
  const PageTokenCodec* page_tokens = nullptr;
  CustomerChecker* customers = nullptr;
  OrderPolicy policy;
};

}  // namespace sales::orders::api
