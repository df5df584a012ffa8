// The demo's sales funnel: business leads created week by week, moving LEAD -> QUALIFIED ->
// PROPOSAL (-> NEGOTIATION) -> WON with realistic conversion, lost at each stage with a
// reason, the recent ones still open; won leads become company customers (loaded by
// funnel_load.h and, for the history, customer_history.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "sales/customers/v1/lead.pb.h"
#include "tools/demo/customers.h"
#include "tools/demo/options.h"

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

// When lead `lead` is created or moved on `day` in the story: between 7 and 8 o'clock.
absl::Time LeadTime(const DemoOptions& options, size_t lead, absl::CivilDay day);

// Leads over the period; won leads append their company customer to `customers` (with
// `lead` set, arriving on the day the deal was won).
std::vector<LeadPlan> PlanFunnel(const DemoOptions& options, std::vector<CustomerPlan>& customers);

}  // namespace sales::demo
