// What every incentives handler needs: the pool, page tokens, the business time zone and
// the deployment currency. Built once in main() and shared read-only.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/page_token.h"

namespace sales::incentives::api {

struct HandlerContext {
  db::ConnectionPool* pool = nullptr;
  const PageTokenCodec* page_tokens = nullptr;
  absl::TimeZone zone;     // days and periods are cut here
  std::string currency;    // ISO 4217, of money targets
  int money_exponent = 2;  // the currency's minor-unit exponent
};

}  // namespace sales::incentives::api
