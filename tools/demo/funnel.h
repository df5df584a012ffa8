// The demo's sales funnel: business leads created week by week, moving LEAD -> QUALIFIED ->
// PROPOSAL (-> NEGOTIATION) -> WON with realistic conversion, lost at each stage with a
// reason, the recent ones still open; won leads become company customers (ConvertLead).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "sales/customers/v1/lead.pb.h"
#include "tools/demo/customers.h"
#include "tools/demo/options.h"
#include "tools/demo/progress.h"
#include "tools/demo/rpc_clients.h"

namespace sales::demo {

struct LeadMove {
  sales::customers::v1::LeadStage stage;  // the stage moved to
  absl::CivilDay day;                     // when, in the story
};

struct LeadPlan {
  absl::CivilDay created;
  std::string display_name;  // "Office supplies for Hangzhou Ruifeng Hotel Group"
  std::string company;
  std::string email;
  std::string phone;
  int rep = 0;
  sales::customers::v1::AcquisitionChannel acquisition =
      sales::customers::v1::ACQUISITION_CHANNEL_UNSPECIFIED;
  int64_t expected_amount = 0;  // minor units
  absl::CivilDay expected_close;
  std::vector<LeadMove> moves;  // made by the last day of the period
  std::string lost_reason;      // when the last move is to LOST
  int customer = -1;            // index of the converted customer in the customer plan
  std::string name;             // "leads/{id}" once loaded
};

// Leads over the period; won leads append their company customer to `customers` (with
// `lead` set, arriving on the day the deal was won).
std::vector<LeadPlan> PlanFunnel(const DemoOptions& options, std::vector<CustomerPlan>& customers);

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
