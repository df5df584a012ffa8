// What every orders handler needs: the pool, page tokens, the policy settings and the
// customers-service check. Built once in main() and shared read-only.
#pragma once

#include "common/db/pool.h"
#include "common/page_token.h"
#include "services/orders/src/api/customer_checker.h"
#include "services/orders/src/domain/order_policy.h"

namespace sales::orders::api {

// The deployment's business settings are domain (domain/order_policy.h); main() fills them
// from flags.
using OrderPolicy = domain::OrderPolicy;

struct HandlerContext {
  db::ConnectionPool* pool = nullptr;
  const PageTokenCodec* page_tokens = nullptr;
  CustomerChecker* customers = nullptr;
  OrderPolicy policy;
};

}  // namespace sales::orders::api
