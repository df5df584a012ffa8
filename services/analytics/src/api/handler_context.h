// What every analytics handler needs: the pool, the live rollup, the business time zone and
// the deployment currency. Built once in main() and shared read-only.
#pragma once

#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/page_token.h"
#include "services/analytics/src/store/rollup_store.h"

namespace sales::analytics::api {

struct HandlerContext {
  db::ConnectionPool* pool = nullptr;
  const store::RollupStore* rollup = nullptr;   // the live tables
  absl::TimeZone zone;                          // the business time zone periods are cut in
  std::string currency;                         // ISO 4217, e.g. "CNY"
  const PageTokenCodec* page_tokens = nullptr;  // List page tokens (ScoreLeads)
  // Added to the wall clock where a handler cuts "today" (the forecasts' and replenishment's
  // default last day, the promotion lift's window while it runs): the server's
  // --clock_offset_seconds, 0 in production; a test reads "tomorrow" with a day.
  absl::Duration clock_offset = absl::ZeroDuration();

  absl::Time Now() const { return absl::Now() + clock_offset; }
};

}  // namespace sales::analytics::api
