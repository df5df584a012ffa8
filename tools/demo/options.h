// What the demo company is asked to be: its seed, its time span and its size.
#pragma once

#include <cstdint>
#include <string>

#include "tools/demo/calendar.h"

namespace sales::demo {

struct DemoOptions {
  uint64_t seed = 42;
  DemoPeriod period;              // history and live window, in the business time zone
  double orders_per_day = 80;     // orders on an ordinary day at the start of the history
  double growth_per_year = 0.35;  // trend of orders and new customers
  int products = 200;             // catalogue size (categories keep their proportions)
  std::string currency = "CNY";   // the deployment's currency (--currency of the services)
  int64_t tax_rate_bp = 0;        // the orders service's --tax_rate_bp, for imported lines
  int workers = 4;                // concurrent calls
};

// Request ids and references carry the seed, so two companies with different seeds never
// share one; at most 64 characters, e.g. "demo42-order-live-000123-confirm".
std::string RequestId(const DemoOptions& options, const std::string& what);

}  // namespace sales::demo
