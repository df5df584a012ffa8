// What every analytics handler needs: the pool, the business time zone and the deployment
// currency. Built once in main() and shared read-only.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "common/db/pool.h"

namespace sales::analytics::api {

struct HandlerContext {
  db::ConnectionPool* pool = nullptr;
  absl::TimeZone zone;   // the business time zone periods are cut in
  std::string currency;  // ISO 4217, e.g. "CNY"
};

}  // namespace sales::analytics::api
