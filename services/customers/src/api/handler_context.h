// What every customers handler needs: the pool, page tokens, tiers and the deployment
// currency. Built once in main() and shared read-only.
#pragma once

#include <string>

#include "common/db/pool.h"
#include "common/db/read_coalescer.h"
#include "common/page_token.h"
#include "services/customers/src/domain/tiers.h"

namespace sales::customers::api {

struct HandlerContext {
  db::ConnectionPool* pool = nullptr;
  const PageTokenCodec* page_tokens = nullptr;
  const domain::TierTable* tiers = nullptr;
  std::string currency;  // ISO 4217, e.g. "CNY"
  // How many coalesced GetCustomer statements may run at once, each on a connection of its
  // own (common/db/async_point_reader.h; read_coalescer.h for in-process callers).
  int get_fetches = db::kDefaultCoalescedFetches;
};

}  // namespace sales::customers::api
