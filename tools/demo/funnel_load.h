// The live part of the demo's funnel (funnel.h): leads created and moved through the
// customers service, won ones converted.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/demo/customers.h"
#include "tools/demo/funnel.h"
#include "tools/demo/options.h"
#include "tools/demo/progress.h"
#include "tools/demo/rpc_clients.h"

namespace sales::demo {

struct FunnelReport {
  int64_t leads = 0;
  int64_t won = 0;  // converted to customers
  int64_t lost = 0;
  int64_t open = 0;  // still in LEAD .. NEGOTIATION
  int64_t stage_changes = 0;
  int64_t live_leads = 0;        // created live (the others were imported with the history)
  int64_t live_moves = 0;        // stage changes made live
  int64_t live_conversions = 0;  // ConvertLead calls (won in the live window)
};

// The live part of the funnel: creates the leads of the live window, makes the moves of the
// live window (also of leads imported with their history, whose names must be filled in)
// and converts the leads won in it (filling in the names of leads and converted customers).
absl::StatusOr<FunnelReport> LoadFunnel(const DemoOptions& options, Clients& clients,
                                        Progress& progress, std::vector<LeadPlan>& leads,
                                        std::vector<CustomerPlan>& customers);

}  // namespace sales::demo
