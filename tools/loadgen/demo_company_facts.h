// The demo company (tools/demo's plan, the demo_model library: its catalogue with categories,
// prices and costs; its customers and how often they buy; its calendar, seasons and
// festivals; its promotions; its channels, regions, warehouses and reps; its lead funnel,
// won by its law of winning, and the reps' interactions) as the prediction benchmark writes
// it into the analytics facts, scaled to a number of orders. Names are those the services
// would give in a fresh database: "products/{k}" for the catalogue's k-th product,
// "customers/{k}" for the plan's k-th customer, "leads/{k}", "orders/{serial}".
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "sales/events/v1/event.pb.h"
#include "tools/demo/catalogue.h"
#include "tools/demo/customers.h"
#include "tools/demo/engagement.h"
#include "tools/demo/funnel.h"
#include "tools/demo/options.h"
#include "tools/demo/orders_plan.h"
#include "tools/demo/promotions.h"
#include "tools/loadgen/lead_facts_writer.h"

namespace sales::loadgen {

struct DemoCompanyPlan {
  demo::DemoOptions options;
  demo::Catalogue catalogue;
  std::vector<demo::PromotionPlan> promotions;
  std::vector<demo::CustomerPlan> customers;  // with those the funnel's won leads became
  std::vector<demo::LeadPlan> leads;
  demo::OrdersPlan orders;  // all in `history`: the plan has no live window
  demo::EngagementPlan engagement;
};

// The demo company of `seed` over the two years (730 days) ending on `last_day` in `zone`,
// as tools/demo plans it (the same calls in the same order as BuildDemoCompany), with its
// default catalogue of 200 products and its orders per day scaled so that the expected
// number of orders is `orders` (the plan's daily Poisson draws make the actual number differ
// by about 1/sqrt(orders)); customers and leads grow with it, as in the demo. Every day is
// history: each order is complete or cancelled, priced and discounted by the promotions as
// ImportOrders would take it.
DemoCompanyPlan PlanDemoCompany(int64_t orders, absl::CivilDay last_day, absl::TimeZone zone,
                                uint64_t seed);

// "products/{product + 1}" of the catalogue's product index.
std::string DemoProductName(size_t product);
std::vector<std::string> DemoProducts(const DemoCompanyPlan& plan);
// Each product's highest list price over the period, minor units (MarketTruth's reference).
std::map<std::string, int64_t> DemoReferencePrices(const DemoCompanyPlan& plan);

// Order `o` as the orders service's order_placed event would carry it.
sales::events::v1::OrderSnapshot DemoOrderSnapshot(const DemoCompanyPlan& plan,
                                                   const demo::OrderPlan& o);
// Whether `o` counts (not cancelled).
bool DemoOrderCounted(const demo::OrderPlan& o);

// The law of winning of the demo's funnel (demo/funnel.h, WinLogOdds) in lead scoring's
// feature names: the true effect per unit of each feature the law has a term for:
// "log_expected_amount" (the model's log(1 + minor units), whose slope is the law's on log
// major units), and the indicators "channel=<AcquisitionChannel name>" and "owner=reps/{n}",
// whose effects count only up to a constant per variable (every lead has one level of each).
// The follow-ups have no feature of their own: the model sees them among all interactions.
std::map<std::string, double> DemoWinLaw();

// The plan's leads (created, moved through their stages, open, won or lost, with their
// expected amounts) and every interaction of the reps (with leads and with customers).
void AddDemoLeads(const DemoCompanyPlan& plan, LeadFactsWriter& writer);

}  // namespace sales::loadgen
