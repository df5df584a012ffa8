// The demo's customers: people and companies arriving through the store, the web shop, the
// phone line and partners, at a rate that grows with the business, each owned by a rep
// where a rep looks after them (loaded by customers_load.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "sales/customers/v1/customer.pb.h"
#include "tools/demo/options.h"

namespace sales::demo {

// Order channels, in the order of sales.orders.v1.Channel (minus UNSPECIFIED).
enum DemoChannel { kStore = 0, kWeb = 1, kPhone = 2, kPartner = 3 };

struct CustomerPlan {
  absl::CivilDay arrival;        // first day it may buy
  absl::CivilDay churn;          // last day it may buy (far future: never churns)
  DemoChannel channel = kStore;  // where it usually buys
  int region = 0;                // index into kRegions
  bool company = false;
  std::string display_name;
  std::string email;  // may be empty
  std::string phone;  // may be empty
  int rep = -1;       // owning rep (see RepName), -1 for none
  sales::customers::v1::AcquisitionChannel acquisition =
      sales::customers::v1::ACQUISITION_CHANNEL_UNSPECIFIED;
  double buy_weight = 1;  // how often it buys, relative to others
  int lead = -1;          // the lead it was converted from (LoadFunnel creates it), or -1
  std::string name;       // "customers/{id}" once loaded
};

// Customers arriving over the period (the first day brings the customers the company had
// before the history), sorted by arrival. Customers converted from leads are added by the
// funnel.
std::vector<CustomerPlan> PlanCustomers(const DemoOptions& options);

// The tags of a demo customer: its usual channel, its region, "b2b" for a company (and for
// a customer converted from a lead, "b2b" and its channel).
std::vector<std::string> CustomerTags(const CustomerPlan& c);

}  // namespace sales::demo
