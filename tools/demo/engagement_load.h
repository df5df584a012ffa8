// Creates the live window's interactions and NPS answers of the plan (engagement.h) through
// the customers service's live RPCs.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/demo/customers.h"
#include "tools/demo/engagement.h"
#include "tools/demo/funnel.h"
#include "tools/demo/options.h"
#include "tools/demo/progress.h"
#include "tools/demo/rpc_clients.h"

namespace sales::demo {

// Created live, in the live window (the history's are imported: customer_history.h).
struct EngagementReport {
  int64_t interactions = 0;
  int64_t nps_answers = 0;
};

// Creates the interactions and NPS answers of the live window through the live RPCs.
absl::StatusOr<EngagementReport> LoadEngagement(const DemoOptions& options, Clients& clients,
                                                Progress& progress, const EngagementPlan& plan,
                                                const std::vector<LeadPlan>& leads,
                                                const std::vector<CustomerPlan>& customers);

}  // namespace sales::demo
