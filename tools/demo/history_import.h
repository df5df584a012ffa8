// Streams the history's orders into ImportOrders (client streaming; the service writes 500
// per transaction), in streams of a few thousand orders, two at once, each order with its original
// times, prices, discounts and final status, and its return if it had one (resolved, with its
// times), idempotent by its external_ref "D<seed>-<serial>".
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/demo/catalogue.h"
#include "tools/demo/customers.h"
#include "tools/demo/options.h"
#include "tools/demo/orders_plan.h"
#include "tools/demo/progress.h"
#include "tools/demo/rpc_clients.h"

namespace sales::demo {

struct ImportReport {
  int64_t sent = 0;      // orders streamed
  int64_t imported = 0;  // written by this run
  int64_t skipped = 0;   // imported by an earlier run (same external_ref)
  int64_t refused = 0;
  std::vector<std::string> first_refusals;  // "external_ref: message", at most 5
};

// The external_ref of a history order.
std::string HistoryRef(const DemoOptions& options, int64_t serial);

// Whether a history order is imported with a return: a planned one that was not rejected
// (ImportOrders takes resolved returns only). Its external_ref is the order's plus "-R1".
bool HistoryReturnImported(const OrderPlan& o);

// When a history order reached its final status (its close_time; the delivery of a
// completed one).
absl::Time HistoryCloseTime(const DemoOptions& options, const OrderPlan& o);

// The resource names of the imported history orders whose external_refs are in `refs`, by
// external_ref, read back with ListOrders over the history's period.
absl::StatusOr<std::map<std::string, std::string>> HistoryOrderNames(
    const DemoOptions& options, Clients& clients, const std::set<std::string>& refs);

absl::StatusOr<ImportReport> ImportHistory(const DemoOptions& options, Clients& clients,
                                           Progress& progress, const Catalogue& catalogue,
                                           const std::vector<CustomerPlan>& customers,
                                           const std::vector<OrderPlan>& history);

// Sets a Timestamp to t (whole microseconds, as the services keep them).
void SetTimestamp(google::protobuf::Timestamp* ts, absl::Time t);

}  // namespace sales::demo
