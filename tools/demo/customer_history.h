// The customers side of the demo's history: everything that happened before the live window
// (customers, leads with their stage history and the customers won leads became,
// interactions, NPS answers) streamed into ImportCustomerHistory with the times of the
// story, idempotent by legacy references "D<seed>-C<n>", "D<seed>-L<n>", "D<seed>-I<n>" and
// "D<seed>-N<n>". Afterwards the imported records' names are read back with
// ListCustomers/ListLeads, so that orders, live moves and live interactions can refer to them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tools/demo/customers.h"
#include "tools/demo/engagement.h"
#include "tools/demo/funnel.h"
#include "tools/demo/options.h"
#include "tools/demo/orders_plan.h"
#include "tools/demo/progress.h"
#include "tools/demo/rpc_clients.h"

namespace sales::demo {

// The legacy system of every demo reference.
inline constexpr char kLegacySystem[] = "legacy-crm";

// The legacy id of customer i of the plan ("D<seed>-C<i+1>"), lead i ("D<seed>-L<i+1>").
std::string CustomerRefId(const DemoOptions& options, size_t i);
std::string LeadRefId(const DemoOptions& options, size_t i);

// When things happened in the story. A customer is created in the first hour of its arrival
// day (before its first order), a customer converted from a lead five minutes after the lead
// was won (LeadTime, funnel.h).
absl::Time CustomerCreateTime(const DemoOptions& options,
                              const std::vector<CustomerPlan>& customers, size_t i);

// Whether a planned record belongs to the history (imported) or to the live window.
bool CustomerInHistory(const DemoOptions& options, const CustomerPlan& c);
bool LeadInHistory(const DemoOptions& options, const LeadPlan& l);

struct CustomerHistoryReport {
  int64_t sent = 0;          // items streamed
  int64_t customers = 0;     // imported by this run
  int64_t leads = 0;         // imported by this run
  int64_t interactions = 0;  // imported by this run
  int64_t surveys = 0;       // imported by this run
  int64_t skipped = 0;       // imported by an earlier run (same legacy reference)
};

// Streams the history in three phases (customers; leads, which name the customers they
// became; interactions and NPS answers, which name customers and leads), a few thousand
// items a stream, two streams at once. A refused item fails the load.
absl::StatusOr<CustomerHistoryReport> ImportCustomerHistory(
    const DemoOptions& options, Clients& clients, Progress& progress,
    const std::vector<CustomerPlan>& customers, const std::vector<LeadPlan>& leads,
    const EngagementPlan& engagement);

// The CSAT answers of the history's orders (planned after their close time), once the
// orders are imported: streamed into ImportCustomerHistory like the NPS answers, each with
// its customer (by name, as read back), its order (named from ListOrders) and its time, idempotent
// by the legacy reference "D<seed>-S<serial>" (the order's serial). Counted in `surveys`.
absl::StatusOr<CustomerHistoryReport> ImportHistoryCsat(const DemoOptions& options,
                                                        Clients& clients, Progress& progress,
                                                        const std::vector<CustomerPlan>& customers,
                                                        const std::vector<OrderPlan>& history);

// Fills in the names of the imported customers and leads (and of any loaded earlier) from
// ListCustomers and ListLeads, matched by their legacy references.
absl::Status ReadImportedNames(const DemoOptions& options, Clients& clients,
                               std::vector<CustomerPlan>& customers, std::vector<LeadPlan>& leads);

}  // namespace sales::demo
