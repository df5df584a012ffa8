#include "tools/demo/orders_plan.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>

#include "tools/demo/calendar.h"
#include "tools/demo/money.h"
#include "tools/demo/people.h"
#include "tools/demo/random.h"

namespace sales::demo {
namespace {

namespace ov1 = ::sales::orders::v1;

// Category shares of ordinary days (in the catalogue's category order).
double CategoryBase(const std::string& c) {
  if (c == "phones") return 0.08;
  if (c == "laptops") return 0.04;
  if (c == "audio") return 0.09;
  if (c == "wearables") return 0.06;
  if (c == "home-appliances") return 0.08;
  if (c == "kitchen") return 0.12;
  if (c == "tea") return 0.1;
  if (c == "food-gifts") return 0.07;
  if (c == "personal-care") return 0.17;
  if (c == "office") return 0.11;
  return 0.08;  // baby
}

const char* ReturnReason(Random& rng) {
  static const std::vector<const char*> kReasons = {
      "defective on arrival", "arrived damaged", "not as described on the web shop",
      "wrong size or colour", "changed my mind", "ordered twice by mistake"};
  return kReasons[static_cast<size_t>(rng.Int(0, static_cast<int64_t>(kReasons.size()) - 1))];
}

int CsatScore(Random& rng, bool returned) {
  const std::vector<double> happy = {0.03, 0.05, 0.12, 0.32, 0.48};
  const std::vector<double> unhappy = {0.25, 0.25, 0.25, 0.15, 0.1};
  return 1 + static_cast<int>(rng.Weighted(returned ? unhappy : happy));
}

// Of delivered orders, the share with a return and the share whose customer answers a
// CSAT survey (completed orders), live and in the history alike.
constexpr double kReturnRate = 0.05;
constexpr double kCsatRate = 0.25;

// A return of some units of one line of `o`, with its reason and outcome.
ReturnPlan DrawReturn(Random& rng, const OrderPlan& o) {
  ReturnPlan r;
  r.wanted = true;
  r.line = static_cast<int>(rng.Int(1, static_cast<int64_t>(o.lines.size())));
  r.quantity = rng.Int(1, o.lines[static_cast<size_t>(r.line - 1)].quantity);
  r.reason = ReturnReason(rng);
  r.rejected = rng.Chance(0.15);
  r.scrap = !r.rejected && rng.Chance(0.3);
  return r;
}

// The history's returns and CSAT answers, at the live rates, after each completed order's
// close time (when its goods were delivered): a return is asked for within a week and
// resolved one to five days later, a CSAT answer given within two days, like the live ones
// that follow delivery. What would end in the live window or later is left out (the
// history stops there). A random stream of its own, so the rest of the plan is unchanged.
void PlanHistoryAfterSales(const DemoOptions& options, std::vector<OrderPlan>& history) {
  Random rng = Random::Stream(options.seed, "history-after-sales");
  const DemoPeriod& p = options.period;
  const absl::Time live_start = p.At(p.live_first, 0);
  for (OrderPlan& o : history) {
    if (o.status != ov1::ORDER_STATUS_COMPLETED) continue;
    const absl::Time closed = p.At(o.day, o.second) + absl::Seconds(o.close_after_seconds);
    if (rng.Chance(kReturnRate)) {
      o.ret = DrawReturn(rng, o);
      o.return_after_seconds = rng.Int(3600, 7 * 86400);
      o.resolve_after_seconds = rng.Int(86400, 5 * 86400);
      const absl::Time resolved =
          closed + absl::Seconds(o.return_after_seconds + o.resolve_after_seconds);
      if (resolved >= live_start) o.ret = ReturnPlan();
    }
    if (rng.Chance(kCsatRate)) {
      o.csat = CsatScore(rng, o.ret.wanted);
      o.csat_after_seconds = rng.Int(600, 2 * 86400);
      if (closed + absl::Seconds(o.csat_after_seconds) >= live_start) o.csat = 0;
    }
  }
}

LiveFate FateOf(Random& rng, int64_t age_days) {
  if (rng.Chance(0.04)) return LiveFate::kCancelledReceived;
  if (age_days >= 1 && rng.Chance(0.02)) return LiveFate::kCancelledConfirmed;
  if (age_days <= 0) return rng.Chance(0.5) ? LiveFate::kReceived : LiveFate::kConfirmed;
  if (age_days == 1) return rng.Chance(0.4) ? LiveFate::kConfirmed : LiveFate::kShipped;
  if (age_days == 2) return LiveFate::kShipped;
  if (age_days <= 4) return rng.Chance(0.7) ? LiveFate::kDelivered : LiveFate::kCompleted;
  return LiveFate::kCompleted;
}

}  // namespace

OrdersPlan PlanOrders(const DemoOptions& options, const Catalogue& catalogue,
                      const std::vector<CustomerPlan>& customers,
                      const std::vector<PromotionPlan>& promotions) {
  Random rng = Random::Stream(options.seed, "orders");
  const DemoPeriod& p = options.period;
  OrdersPlan out;
  out.live_demand.assign(catalogue.products.size(),
                         std::vector<int64_t>(std::size(kWarehouses), 0));

  // Customers by arrival, with running totals of their buying weights.
  std::vector<size_t> by_arrival(customers.size());
  std::iota(by_arrival.begin(), by_arrival.end(), 0);
  std::stable_sort(by_arrival.begin(), by_arrival.end(),
                   [&](size_t a, size_t b) { return customers[a].arrival < customers[b].arrival; });
  std::vector<double> weights;
  weights.reserve(customers.size());
  for (const size_t i : by_arrival) weights.push_back(customers[i].buy_weight);
  const std::vector<double> cumulative = Cumulative(weights);

  // Products within a category: Zipf over the popularity order.
  std::vector<std::vector<double>> product_cumulative;
  for (const std::string& c : catalogue.categories) {
    product_cumulative.push_back(Cumulative(ZipfWeights(catalogue.by_category.at(c).size(), 1.0)));
  }

  int64_t serial = 0;
  size_t arrived = 0;
  for (absl::CivilDay d = p.first; d <= p.last; ++d) {
    while (arrived < by_arrival.size() && customers[by_arrival[arrived]].arrival <= d) ++arrived;
    if (arrived == 0) continue;
    std::vector<double> category_weights;
    for (const std::string& c : catalogue.categories) {
      category_weights.push_back(CategoryBase(c) * CategoryLift(d, c));
    }
    const std::vector<double> category_cumulative = Cumulative(category_weights);
    const double total_weight = cumulative[arrived - 1];
    const int64_t n =
        rng.Poisson(options.orders_per_day * DemandWeight(d, p.first, options.growth_per_year));
    const bool live = d >= p.live_first;
    for (int64_t k = 0; k < n; ++k) {
      OrderPlan o;
      o.serial = ++serial;
      o.day = d;
      o.live = live;
      // Who buys: a weighted draw among the arrived; churned customers are drawn again.
      size_t c = 0;
      for (int attempt = 0; attempt < 6; ++attempt) {
        const double x = rng.Uniform() * total_weight;
        const size_t pos = std::min<size_t>(
            arrived - 1, static_cast<size_t>(
                             std::upper_bound(cumulative.begin(), cumulative.begin() + arrived, x) -
                             cumulative.begin()));
        c = by_arrival[pos];
        if (customers[c].churn >= d) break;
      }
      const CustomerPlan& buyer = customers[c];
      o.customer = c;
      o.channel =
          rng.Chance(0.8) ? buyer.channel : static_cast<int>(rng.Weighted({0.3, 0.55, 0.1, 0.05}));
      o.region = buyer.region;
      o.warehouse = WarehouseOfRegion(buyer.region);
      o.second = OrderSecondOfDay(rng, o.channel);
      // Lines: people buy one to a few products, companies more and in bulk.
      const int64_t line_count = buyer.company ? std::min<int64_t>(12, 2 + rng.Poisson(2.0))
                                               : std::min<int64_t>(6, 1 + rng.Poisson(0.6));
      std::vector<size_t> chosen;
      for (int64_t l = 0; l < line_count; ++l) {
        for (int attempt = 0; attempt < 5; ++attempt) {
          const size_t cat = rng.Pick(category_cumulative);
          const std::vector<size_t>& in_cat = catalogue.by_category.at(catalogue.categories[cat]);
          const size_t product = in_cat[rng.Pick(product_cumulative[cat])];
          if (std::find(chosen.begin(), chosen.end(), product) == chosen.end()) {
            chosen.push_back(product);
            break;
          }
        }
      }
      std::vector<PricedLine> priced;
      for (const size_t product : chosen) {
        const ProductPlan& pp = catalogue.products[product];
        LinePlan line;
        line.product = product;
        const int64_t max_q = std::max(2, pp.max_quantity);
        line.quantity =
            buyer.company ? rng.Int(1, max_q * 5) : (rng.Chance(0.75) ? 1 : rng.Int(2, max_q));
        line.unit_price = pp.PriceOn(d);
        line.unit_cost = pp.CostOn(d);
        priced.push_back({pp.category, line.unit_price * line.quantity, 0});
        o.lines.push_back(line);
      }
      // Sales credit: the owning rep for the orders a rep handles, a split on some partner
      // deals; web and walk-in orders of unowned customers credit nobody.
      if (buyer.rep >= 0 &&
          (buyer.company || o.channel == kPhone || o.channel == kPartner || rng.Chance(0.5))) {
        if (o.channel == kPartner && rng.Chance(0.3)) {
          const int other = (buyer.rep + 5) % kRepCount;
          o.credits = {{buyer.rep, 7000}, {other, 3000}};
        } else {
          o.credits = {{buyer.rep, 10000}};
        }
      }
      if (!live) {
        ApplyPromotions(promotions, d, rng, priced);
        for (size_t i = 0; i < o.lines.size(); ++i) {
          o.lines[i].discount = priced[i].discount;
          o.lines[i].tax = PercentOf(priced[i].subtotal - priced[i].discount, options.tax_rate_bp);
        }
        const bool cancelled = rng.Chance(o.channel == kWeb ? 0.05 : 0.03);
        o.status = cancelled ? ov1::ORDER_STATUS_CANCELLED : ov1::ORDER_STATUS_COMPLETED;
        o.close_after_seconds = cancelled ? rng.Int(600, 2 * 86400) : rng.Int(3 * 86400, 9 * 86400);
        out.history.push_back(std::move(o));
        continue;
      }
      const int64_t age = p.last - d;
      o.fate = FateOf(rng, age);
      o.partial_shipment = o.lines.size() >= 2 && rng.Chance(0.15);
      const bool delivered = o.fate == LiveFate::kDelivered || o.fate == LiveFate::kCompleted;
      if (delivered && rng.Chance(kReturnRate)) o.ret = DrawReturn(rng, o);
      if (o.fate == LiveFate::kCompleted && rng.Chance(kCsatRate)) {
        o.csat = CsatScore(rng, o.ret.wanted);
      }
      if (o.fate != LiveFate::kCancelledReceived) {
        for (const LinePlan& l : o.lines) {
          out.live_demand[l.product][static_cast<size_t>(o.warehouse)] += l.quantity;
        }
      }
      out.live.push_back(std::move(o));
    }
  }
  PlanHistoryAfterSales(options, out.history);
  return out;
}

std::vector<std::vector<int64_t>> StockToReceive(const DemoOptions& options,
                                                 const Catalogue& catalogue,
                                                 const OrdersPlan& orders) {
  Random rng = Random::Stream(options.seed, "stock");
  std::vector<std::vector<int64_t>> units = orders.live_demand;
  for (size_t i = 0; i < catalogue.products.size(); ++i) {
    for (int64_t& u : units[i]) u += rng.Int(20, 240);
  }
  return units;
}

}  // namespace sales::demo
