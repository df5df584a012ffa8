// Loads the live window's customers of the plan (customers.h) with BatchCreateCustomers, and
// finds a loaded customer's e-mail address.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/demo/customers.h"
#include "tools/demo/options.h"
#include "tools/demo/progress.h"
#include "tools/demo/rpc_clients.h"

namespace sales::demo {

struct CustomersReport {
  int64_t created = 0;   // created by this run
  int64_t existing = 0;  // found created by an earlier run with the same seed
};

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
