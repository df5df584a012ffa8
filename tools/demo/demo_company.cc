#include "tools/demo/demo_company.h"

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"
#include "tools/demo/money.h"
#include "tools/demo/orders_plan.h"

namespace sales::demo {

std::string DescribePlan(const DemoOptions& options) {
  const Catalogue catalogue = PlanCatalogue(options);
  const std::vector<PromotionPlan> promotions = PlanPromotions(options);
  std::vector<CustomerPlan> customers = PlanCustomers(options);
  const size_t batch_customers = customers.size();
  const std::vector<LeadPlan> leads = PlanFunnel(options, customers);
  const OrdersPlan orders = PlanOrders(options, catalogue, customers, promotions);
  const EngagementPlan engagement = PlanEngagement(options, leads, customers);
  int64_t returns = 0;
  int64_t completed = 0;
  for (const OrderPlan& o : orders.live) {
    returns += o.ret.wanted ? 1 : 0;
    completed += o.fate == LiveFate::kCompleted ? 1 : 0;
  }
  int64_t history_returns = 0;
  int64_t history_csat = 0;
  for (const OrderPlan& o : orders.history) {
    history_returns += HistoryReturnImported(o) ? 1 : 0;
    history_csat += o.csat > 0 ? 1 : 0;
  }
  return absl::StrCat(
      "products: ", catalogue.products.size(), "\npromotions: ", promotions.size(),
      "\ncustomers: ", batch_customers, " + ", customers.size() - batch_customers,
      " from won leads\nleads: ", leads.size(), "\ninteractions: ", engagement.interactions.size(),
      "\nhistory orders: ", orders.history.size(), " (", history_returns, " with a return, ",
      history_csat, " CSAT answers)\nlive orders: ", orders.live.size(), " (", completed,
      " completed, ", returns, " with a return)\n");
}

absl::StatusOr<DemoReport> BuildDemoCompany(const DemoOptions& options, Clients& clients,
                                            Progress& progress) {
  const auto start = std::chrono::steady_clock::now();
  DemoReport report;
  // The whole plan first: it depends on the seed and the options only.
  Catalogue catalogue = PlanCatalogue(options);
  std::vector<PromotionPlan> promotions = PlanPromotions(options);
  std::vector<CustomerPlan> customers = PlanCustomers(options);
  report.customers_planned = static_cast<int64_t>(customers.size());
  std::vector<LeadPlan> leads = PlanFunnel(options, customers);
  const OrdersPlan orders = PlanOrders(options, catalogue, customers, promotions);
  const EngagementPlan engagement = PlanEngagement(options, leads, customers);
  for (const CustomerPlan& c : customers) {
    if (CustomerInHistory(options, c)) ++report.history_customers;
  }
  report.history_orders = static_cast<int64_t>(orders.history.size());
  for (const OrderPlan& o : orders.history) {
    report.history_returns += HistoryReturnImported(o) ? 1 : 0;
    report.history_csat += o.csat > 0 ? 1 : 0;
  }
  report.live_orders = static_cast<int64_t>(orders.live.size());
  for (const CustomerPlan& c : customers) {
    if (!c.email.empty() && !c.company) {
      report.example_email = c.email;
      break;
    }
  }

  ASSIGN_OR_RETURN(report.catalogue, LoadCatalogue(options, clients, progress, catalogue,
                                                   StockToReceive(options, catalogue, orders)));
  ASSIGN_OR_RETURN(report.promotions, LoadPromotions(options, clients, progress, promotions));
  ASSIGN_OR_RETURN(report.history,
                   ImportCustomerHistory(options, clients, progress, customers, leads, engagement));
  RETURN_IF_ERROR(ReadImportedNames(options, clients, customers, leads));
  ASSIGN_OR_RETURN(report.customers, LoadCustomers(options, clients, progress, customers));
  ASSIGN_OR_RETURN(report.funnel, LoadFunnel(options, clients, progress, leads, customers));
  // Interactions and surveys (customers service) need nothing of the orders: they load in a
  // thread of their own, without a progress bar, while the history and the live orders go in.
  absl::StatusOr<EngagementReport> engagement_result;
  std::thread engagement_thread([&] {
    Progress silent(false, true);
    engagement_result = LoadEngagement(options, clients, silent, engagement, leads, customers);
  });
  absl::StatusOr<ImportReport> import =
      ImportHistory(options, clients, progress, catalogue, customers, orders.history);
  absl::StatusOr<CustomerHistoryReport> csat = absl::CancelledError("not run: the import failed");
  absl::StatusOr<LiveReport> live = absl::CancelledError("not run: the import failed");
  if (import.ok() && import->refused == 0) {
    // The history's CSAT answers name their orders: after the orders are in.
    csat = ImportHistoryCsat(options, clients, progress, customers, orders.history);
    live = RunLiveOrders(options, clients, progress, catalogue, customers, orders.live);
  }
  engagement_thread.join();
  if (!import.ok()) return import.status();
  if (import->refused > 0) {
    return absl::InternalError(absl::StrCat("ImportOrders refused ", import->refused,
                                            " orders, e.g. ", import->first_refusals[0]));
  }
  if (!csat.ok()) return csat.status();
  if (!live.ok()) return live.status();
  if (!engagement_result.ok()) return engagement_result.status();
  report.import = *std::move(import);
  report.csat = *std::move(csat);
  report.live = *std::move(live);
  report.engagement = *std::move(engagement_result);
  RETURN_IF_ERROR(CreateCompletionMarker(options, clients, catalogue));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

std::string FormatReport(const DemoOptions& options, const DemoReport& r) {
  const DemoPeriod& p = options.period;
  std::string s;
  auto line = [&](const std::string& key, const std::string& value) {
    absl::StrAppend(&s, absl::StrFormat("%-26s %s\n", key + ":", value));
  };
  line("seed", absl::StrCat(options.seed));
  line("period", absl::StrCat(absl::FormatCivilTime(p.first), " .. ", absl::FormatCivilTime(p.last),
                              " (live from ", absl::FormatCivilTime(p.live_first), ")"));
  line("products", absl::StrCat(r.catalogue.products, " (+1 gift card, the completion marker), ",
                                r.catalogue.price_changes, " price changes"));
  line("stock receipts", absl::StrCat(r.catalogue.receipts, " (", r.catalogue.units_received,
                                      " units in 3 warehouses)"));
  line("promotions", absl::StrCat(r.promotions));
  line("customers",
       absl::StrCat(r.customers_planned, " + ", r.funnel.won, " converted from leads; ",
                    r.history_customers, " with the history (imported ", r.history.customers,
                    "), live: ", r.customers.created, " created, ", r.customers.existing,
                    " already there, ", r.funnel.live_conversions, " converted"));
  line("leads", absl::StrCat(r.funnel.leads, " (won ", r.funnel.won, ", lost ", r.funnel.lost,
                             ", open ", r.funnel.open, "; ", r.funnel.stage_changes,
                             " stage changes; imported ", r.history.leads, ", live: ",
                             r.funnel.live_leads, " created, ", r.funnel.live_moves, " moves)"));
  line("interactions",
       absl::StrCat(r.history.interactions, " imported, ", r.engagement.interactions, " live"));
  line("survey answers",
       absl::StrCat(r.history.surveys, " NPS imported, ", r.engagement.nps_answers, " NPS live, ",
                    r.csat.surveys, " CSAT imported (of ", r.history_csat, " planned), ",
                    r.live.csat_answers, " CSAT live"));
  line("history items skipped", absl::StrCat(r.history.skipped, " (imported by an earlier run)"));
  line("history orders", absl::StrCat(r.history_orders, " (imported ", r.import.imported,
                                      ", skipped as already imported ", r.import.skipped, ")"));
  line("live orders",
       absl::StrCat(r.live.created, " (received ", r.live.received, ", confirmed ",
                    r.live.confirmed, ", shipped ", r.live.shipped, ", delivered ",
                    r.live.delivered, ", completed ", r.live.completed, ", cancelled ",
                    r.live.cancelled, "; approvals ", r.live.in_review, ")"));
  line("history returns", absl::StrCat(r.history_returns, " imported resolved with their orders"));
  line("live returns",
       absl::StrCat(r.live.returns, " (rejected ", r.live.returns_rejected, ", restocked ",
                    r.live.returns_restocked, ", scrapped ", r.live.returns_scrapped, "; refunded ",
                    FormatMinor(r.live.refunds_minor, MinorPerMajor(options)), " ",
                    options.currency, ")"));
  line("time", absl::StrFormat("%.1f s", r.seconds));
  return s;
}

}  // namespace sales::demo
