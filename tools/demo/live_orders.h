// The live window: orders of the last days placed now with CreateOrder and moved through
// their lifecycle as far as their age allows (confirm, approve when the service asks for
// it, ship (some in two shipments), deliver, complete; some cancelled before or after
// confirmation), then returns of some delivered ones (requested, then rejected, or
// received and restocked or scrapped) and CSAT answers about some completed ones.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/demo/catalogue.h"
#include "tools/demo/customers.h"
#include "tools/demo/options.h"
#include "tools/demo/orders_plan.h"
#include "tools/demo/progress.h"
#include "tools/demo/rpc_clients.h"

namespace sales::demo {

struct LiveReport {
  int64_t created = 0;
  int64_t received = 0;   // left RECEIVED
  int64_t in_review = 0;  // needed approval (then approved)
  int64_t confirmed = 0;  // left CONFIRMED
  int64_t shipped = 0;    // left SHIPPED
  int64_t delivered = 0;  // left DELIVERED
  int64_t completed = 0;
  int64_t cancelled = 0;
  int64_t shipments = 0;
  int64_t returns = 0;  // requested
  int64_t returns_rejected = 0;
  int64_t returns_restocked = 0;
  int64_t returns_scrapped = 0;
  int64_t refunds_minor = 0;  // refunded by resolved returns
  int64_t csat_answers = 0;
};

absl::StatusOr<LiveReport> RunLiveOrders(const DemoOptions& options, Clients& clients,
                                         Progress& progress, const Catalogue& catalogue,
                                         const std::vector<CustomerPlan>& customers,
                                         const std::vector<OrderPlan>& live);

}  // namespace sales::demo
