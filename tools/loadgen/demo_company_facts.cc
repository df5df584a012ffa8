#include "tools/loadgen/demo_company_facts.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/time_util.h"
#include "sales/customers/v1/engagement.pb.h"
#include "sales/customers/v1/lead.pb.h"
#include "sales/orders/v1/order.pb.h"
#include "tools/demo/calendar.h"
#include "tools/demo/people.h"
#include "tools/loadgen/order_facts_writer.h"

namespace sales::loadgen {
namespace {

namespace cv1 = ::sales::customers::v1;
namespace ev = ::sales::events::v1;
namespace ov1 = ::sales::orders::v1;

constexpr int64_t kDays = 730;  // the demo's default two years

}  // namespace

DemoCompanyPlan PlanDemoCompany(int64_t orders, absl::CivilDay last_day, absl::TimeZone zone,
                                uint64_t seed) {
  DemoCompanyPlan plan;
  demo::DemoOptions& options = plan.options;
  options.seed = seed;
  options.period.zone = zone;
  options.period.last = last_day;
  options.period.first = last_day - (kDays - 1);
  // No live window: it would start after the last day.
  options.period.live_first = last_day + 1;
  // PlanOrders draws Poisson(orders_per_day x DemandWeight(d)) orders on each day d (every
  // day has customers: those the company had before the history arrive on the first).
  double weight = 0;
  for (absl::CivilDay d = options.period.first; d <= options.period.last; ++d) {
    weight += demo::DemandWeight(d, options.period.first, options.growth_per_year);
  }
  options.orders_per_day = static_cast<double>(orders) / weight;
  // As BuildDemoCompany plans it.
  plan.catalogue = demo::PlanCatalogue(options);
  plan.promotions = demo::PlanPromotions(options);
  plan.customers = demo::PlanCustomers(options);
  plan.leads = demo::PlanFunnel(options, plan.customers);
  plan.orders = demo::PlanOrders(options, plan.catalogue, plan.customers, plan.promotions);
  plan.engagement = demo::PlanEngagement(options, plan.leads, plan.customers);
  return plan;
}

std::string DemoProductName(size_t product) { return absl::StrCat("products/", product + 1); }

std::vector<std::string> DemoProducts(const DemoCompanyPlan& plan) {
  std::vector<std::string> out;
  for (size_t i = 0; i < plan.catalogue.products.size(); ++i) out.push_back(DemoProductName(i));
  return out;
}

std::map<std::string, int64_t> DemoReferencePrices(const DemoCompanyPlan& plan) {
  std::map<std::string, int64_t> out;
  for (size_t i = 0; i < plan.catalogue.products.size(); ++i) {
    const demo::ProductPlan& p = plan.catalogue.products[i];
    out[DemoProductName(i)] =
        p.price_changes ? std::max(p.first_price, p.new_price) : p.first_price;
  }
  return out;
}

ev::OrderSnapshot DemoOrderSnapshot(const DemoCompanyPlan& plan, const demo::OrderPlan& o) {
  ev::OrderSnapshot s;
  s.set_order(absl::StrCat("orders/", o.serial));
  s.set_customer(absl::StrCat("customers/", o.customer + 1));
  s.set_channel(ov1::Channel_Name(static_cast<ov1::Channel>(o.channel + 1)));
  s.set_region(demo::kRegions[o.region]);
  s.set_warehouse(demo::kWarehouses[o.warehouse]);
  s.set_currency_code(plan.options.currency);
  *s.mutable_create_time() = ToProtoTime(plan.options.period.At(o.day, o.second));
  s.set_status(ov1::OrderStatus_Name(o.status));
  for (const auto& [rep, share] : o.credits) {
    ev::CreditShare& c = *s.add_credits();
    c.set_rep(demo::RepName(rep));
    c.set_revenue_share_bp(share);
  }
  int64_t subtotal = 0, discount = 0, tax = 0, cost = 0;
  for (size_t i = 0; i < o.lines.size(); ++i) {
    const demo::LinePlan& l = o.lines[i];
    const demo::ProductPlan& p = plan.catalogue.products[l.product];
    ev::LineSnapshot& line = *s.add_lines();
    line.set_line_id(static_cast<int32_t>(i + 1));
    line.set_product(DemoProductName(l.product));
    line.set_sku(p.sku);
    line.set_category(p.category);
    line.set_quantity(l.quantity);
    line.set_unit_price_minor(l.unit_price);
    line.set_unit_cost_minor(l.unit_cost);
    line.set_subtotal_minor(l.unit_price * l.quantity);
    line.set_discount_minor(l.discount);
    line.set_tax_minor(l.tax);
    line.set_total_minor(line.subtotal_minor() - l.discount + l.tax);
    line.set_cost_minor(l.unit_cost * l.quantity);
    subtotal += line.subtotal_minor();
    discount += l.discount;
    tax += l.tax;
    cost += line.cost_minor();
  }
  s.set_subtotal_minor(subtotal);
  s.set_discount_minor(discount);
  s.set_tax_minor(tax);
  s.set_total_minor(subtotal - discount + tax);
  s.set_cost_minor(cost);
  return s;
}

bool DemoOrderCounted(const demo::OrderPlan& o) { return o.status != ov1::ORDER_STATUS_CANCELLED; }

std::map<std::string, double> DemoWinLaw() {
  std::map<std::string, double> law = {{"log_expected_amount", demo::kWinAmountSlope}};
  for (int c = cv1::AcquisitionChannel_MIN; c <= cv1::AcquisitionChannel_MAX; ++c) {
    const auto channel = static_cast<cv1::AcquisitionChannel>(c);
    if (!cv1::AcquisitionChannel_IsValid(c) || channel == cv1::ACQUISITION_CHANNEL_UNSPECIFIED) {
      continue;
    }
    law[absl::StrCat("channel=", cv1::AcquisitionChannel_Name(channel))] =
        demo::ChannelWinEffect(channel);
  }
  for (int rep = 0; rep < demo::kRepCount; ++rep) {
    law[absl::StrCat("owner=", demo::RepName(rep))] = demo::RepSkill(rep);
  }
  return law;
}

void AddDemoLeads(const DemoCompanyPlan& plan, LeadFactsWriter& writer) {
  const demo::DemoOptions& options = plan.options;
  for (size_t i = 0; i < plan.leads.size() && writer.status().ok(); ++i) {
    const demo::LeadPlan& l = plan.leads[i];
    const std::string name = absl::StrCat("leads/", i + 1);
    const cv1::LeadStage last = l.moves.empty() ? cv1::LEAD_STAGE_LEAD : l.moves.back().stage;
    const LeadFactsWriter::Outcome outcome =
        last == cv1::LEAD_STAGE_WON    ? LeadFactsWriter::Outcome::kWon
        : last == cv1::LEAD_STAGE_LOST ? LeadFactsWriter::Outcome::kLost
                                       : LeadFactsWriter::Outcome::kOpen;
    writer.AddLead(name, demo::LeadTime(options, i, l.created), DayText(l.created),
                   demo::RepName(l.rep), cv1::AcquisitionChannel_Name(l.acquisition), outcome,
                   l.expected_amount);
    for (const demo::LeadMove& m : l.moves) {
      writer.AddStage(name, demo::LeadTime(options, i, m.day), cv1::LeadStage_Name(m.stage));
    }
  }
  const std::vector<demo::InteractionPlan>& interactions = plan.engagement.interactions;
  for (size_t k = 0; k < interactions.size() && writer.status().ok(); ++k) {
    const demo::InteractionPlan& ip = interactions[k];
    writer.AddInteraction(
        absl::StrCat("interactions/", k + 1), cv1::InteractionKind_Name(ip.kind),
        demo::RepName(ip.rep),
        ip.customer >= 0 ? absl::StrCat("customers/", ip.customer + 1) : std::string(),
        ip.lead >= 0 ? absl::StrCat("leads/", ip.lead + 1) : std::string(),
        options.period.At(ip.day, ip.second));
  }
}

}  // namespace sales::loadgen
