// The demo's orders, day by day: how many (trend, week, season, festivals), who buys
// (customers who have arrived and not churned, the frequent buyers more often), through
// which channel, what (seasonal categories, popular products more often, companies in
// bulk), at what price and discount, credited to which reps, and how each order ends:
// history orders as imported (completed or cancelled), live orders by the step of their
// lifecycle they reach today, with cancellations, partial shipments and returns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "sales/orders/v1/order.pb.h"
#include "tools/demo/catalogue.h"
#include "tools/demo/customers.h"
#include "tools/demo/options.h"
#include "tools/demo/promotions.h"

namespace sales::demo {

struct LinePlan {
  size_t product = 0;  // index in the catalogue
  int64_t quantity = 1;
  // History only (live orders are priced by the service):
  int64_t unit_price = 0;
  int64_t unit_cost = 0;
  int64_t discount = 0;
  int64_t tax = 0;
};

// How far a live order gets today.
enum class LiveFate {
  kReceived,   // just taken
  kConfirmed,  // stock reserved
  kShipped,
  kDelivered,
  kCompleted,
  kCancelledReceived,  // cancelled before confirmation
  kCancelledConfirmed  // cancelled after confirmation (reservation released)
};

// A return of some units of one line of an order, after delivery: live, or in the history
// (imported with its order, resolved; a rejected one is left out, as ImportOrders takes
// resolved returns only).
struct ReturnPlan {
  bool wanted = false;
  int line = 1;  // line_id
  int64_t quantity = 1;
  std::string reason;
  bool rejected = false;  // refused (REJECTED), else received and resolved
  bool scrap = false;     // resolved by scrapping instead of restocking
};

struct OrderPlan {
  int64_t serial = 0;  // 1-based, over the whole period
  absl::CivilDay day;
  int64_t second = 0;   // seconds after midnight (business time zone)
  size_t customer = 0;  // index in the customer plan
  int channel = 0;      // DemoChannel
  int region = 0;
  int warehouse = 0;
  std::vector<LinePlan> lines;
  std::vector<std::pair<int, int32_t>> credits;  // (rep, revenue share bp)
  bool live = false;
  // History:
  sales::orders::v1::OrderStatus status = sales::orders::v1::ORDER_STATUS_COMPLETED;
  int64_t close_after_seconds = 0;
  // Live:
  LiveFate fate = LiveFate::kReceived;
  bool partial_shipment = false;  // the first line ships first, the rest later
  // Both (a history order's after its close time, the time its goods were delivered):
  ReturnPlan ret;
  int csat = 0;  // a CSAT answer about the order (1-5), 0 for none
  // History, seconds after the close time: the return's request and the CSAT answer; and
  // the return's resolution, seconds after its request. All before the live window.
  int64_t return_after_seconds = 0;
  int64_t resolve_after_seconds = 0;
  int64_t csat_after_seconds = 0;
};

struct OrdersPlan {
  std::vector<OrderPlan> history;
  std::vector<OrderPlan> live;
  // Units each (product, warehouse) needs for the live orders that get confirmed.
  std::vector<std::vector<int64_t>> live_demand;
};

OrdersPlan PlanOrders(const DemoOptions& options, const Catalogue& catalogue,
                      const std::vector<CustomerPlan>& customers,
                      const std::vector<PromotionPlan>& promotions);

// The stock to receive per (product, warehouse): the live demand plus some shelf stock.
std::vector<std::vector<int64_t>> StockToReceive(const DemoOptions& options,
                                                 const Catalogue& catalogue,
                                                 const OrdersPlan& orders);

}  // namespace sales::demo
