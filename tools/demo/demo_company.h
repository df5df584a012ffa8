// Builds the whole demo company through the public RPCs, phase by phase: catalogue and
// stock, promotions, the customers' history before the live window (customers, leads with
// their stage history, interactions, NPS answers: ImportCustomerHistory with the story's
// times), the live window's customers and funnel moves, then the imported order history and
// the live orders (with the live interactions and surveys loading beside them), and last the
// completion marker. Every call
// carries a request id derived from the seed and the item (imports an external_ref), so a run that
// crashed can simply be started again: what was done is answered from the services' idempotency
// records.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "tools/demo/catalogue_load.h"
#include "tools/demo/customer_history.h"
#include "tools/demo/customers_load.h"
#include "tools/demo/engagement_load.h"
#include "tools/demo/funnel_load.h"
#include "tools/demo/history_import.h"
#include "tools/demo/live_orders.h"
#include "tools/demo/options.h"
#include "tools/demo/progress.h"
#include "tools/demo/promotions_load.h"
#include "tools/demo/rpc_clients.h"

namespace sales::demo {

// What the generator made and what the services answered.
struct DemoReport {
  CatalogueReport catalogue;
  int64_t promotions = 0;
  int64_t customers_planned = 0;  // not from leads: imported, or by BatchCreateCustomers
  int64_t history_customers = 0;  // planned for import (from leads too)
  CustomerHistoryReport history;  // ImportCustomerHistory
  CustomersReport customers;      // BatchCreateCustomers (the live window's)
  FunnelReport funnel;            // won leads are converted customers
  EngagementReport engagement;
  int64_t history_orders = 0;   // planned for import
  int64_t history_returns = 0;  // planned for import with their orders (resolved)
  int64_t history_csat = 0;     // CSAT answers planned for import after the orders
  ImportReport import;
  CustomerHistoryReport csat;  // ImportCustomerHistory of the history's CSAT answers
  int64_t live_orders = 0;     // planned live
  LiveReport live;
  double seconds = 0;         // wall time of the whole load
  std::string example_email;  // a customer's e-mail, for `salesctl customers find`
};

// What --dry_run prints: the plan's sizes, without calling any service.
std::string DescribePlan(const DemoOptions& options);

absl::StatusOr<DemoReport> BuildDemoCompany(const DemoOptions& options, Clients& clients,
                                            Progress& progress);

// The report as a person reads it, one "key: value" line per figure.
std::string FormatReport(const DemoOptions& options, const DemoReport& report);

}  // namespace sales::demo
