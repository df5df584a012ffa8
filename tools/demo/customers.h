// The demo's customers: people and companies arriving through the store, the web shop, the
// phone line and partners, at a rate that grows with the business, each owned by a rep
// where a rep looks after them, loaded with BatchCreateCustomers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "sales/customers/v1/customer.pb.h"
#include "tools/demo/options.h"
#include "tools/demo/progress.h"
#include "tools/demo/rpc_clients.h"

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

struct CustomersReport {
  int64_t created = 0;   // created by this run
  int64_t existing = 0;  // found created by an earlier run with the same seed
};

// The tags of a demo customer: its usual channel, its region, "b2b" for a company (and for
// a customer converted from a lead, "b2b" and its channel).
std::vector<std::string> CustomerTags(const CustomerPlan& c);

// Creates the customers of the live window with BatchCreateCustomers (500 per call, a few
// calls at once) and fills in their names. Customers with lead >= 0 are skipped
// (ConvertLead creates them), and so are those of the history (ImportCustomerHistory).
absl::StatusOr<CustomersReport> LoadCustomers(const DemoOptions& options, Clients& clients,
                                              Progress& progress,
                                              std::vector<CustomerPlan>& customers);

// The e-mail address of a loaded demo customer (a person with the "web" or "store" tag), for
// `salesctl customers find --email`; NOT_FOUND if there is none.
absl::StatusOr<std::string> ExampleEmail(Clients& clients);

}  // namespace sales::demo
