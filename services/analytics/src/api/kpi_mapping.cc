#include "services/analytics/src/api/kpi_mapping.h"

namespace sales::analytics::api {
namespace {

using domain::Measure;

void SetGrowth(std::optional<double> growth, void (v1::Growth::*setter)(double), v1::Growth& out) {
  if (growth.has_value()) (out.*setter)(*growth);
}

}  // namespace

v1::KpiValues ToProto(const domain::KpiFigures& f) {
  const domain::Measures& s = f.sums;
  v1::KpiValues v;
  v.set_orders(s[Measure::kOrders]);
  v.set_units(s[Measure::kUnits]);
  v.set_gross_sales_minor(s[Measure::kGrossMinor]);
  v.set_discounts_minor(s[Measure::kDiscountMinor]);
  v.set_net_sales_minor(s[Measure::kNetMinor]);
  v.set_refunds_minor(s[Measure::kRefundMinor]);
  v.set_revenue_minor(f.revenue_minor);
  v.set_cost_minor(f.cost_minor);
  v.set_gross_margin_minor(f.gross_margin_minor);
  v.set_gross_margin_ratio(f.gross_margin_ratio);
  v.set_average_order_value_minor(f.average_order_value_minor);
  v.set_returns(s[Measure::kReturns]);
  v.set_returned_units(s[Measure::kReturnedUnits]);
  v.set_return_rate(f.return_rate);
  v.set_cancelled_orders(s[Measure::kCancelledOrders]);
  v.set_new_customers(s[Measure::kNewCustomers]);
  v.set_leads_created(s[Measure::kLeadsCreated]);
  v.set_leads_won(s[Measure::kLeadsWon]);
  v.set_leads_lost(s[Measure::kLeadsLost]);
  v.set_lead_conversion(f.lead_conversion);
  v.set_csat_responses(s[Measure::kCsatResponses]);
  v.set_csat(f.csat);
  v.set_nps_responses(s[Measure::kNpsResponses]);
  v.set_nps(f.nps);
  v.set_marketing_spend_minor(f.inputs.marketing_spend_minor);
  if (f.acquisition_cost_minor.has_value()) v.set_acquisition_cost_minor(*f.acquisition_cost_minor);
  v.set_market_size_minor(f.inputs.market_size_minor);
  if (f.market_share.has_value()) v.set_market_share(*f.market_share);
  v.set_site_visits(f.inputs.site_visits);
  if (f.visitor_conversion.has_value()) v.set_visitor_conversion(*f.visitor_conversion);
  if (f.activity.has_value()) {
    v.set_active_customers(f.activity->active);
    v.set_returning_customers(f.activity->returning);
    v.set_lapsed_customers(f.activity->lapsed);
    v.set_repeat_customers(f.activity->repeat_customers);
  }
  if (f.repeat_purchase_rate.has_value()) v.set_repeat_purchase_rate(*f.repeat_purchase_rate);
  return v;
}

v1::Growth GrowthProto(const domain::KpiFigures& current, const domain::KpiFigures& base,
                       v1::Period base_period) {
  using domain::GrowthOf;
  v1::Growth g;
  *g.mutable_base() = std::move(base_period);
  SetGrowth(GrowthOf(current.revenue_minor, base.revenue_minor), &v1::Growth::set_revenue, g);
  SetGrowth(GrowthOf(current.sums[Measure::kNetMinor], base.sums[Measure::kNetMinor]),
            &v1::Growth::set_net_sales, g);
  SetGrowth(GrowthOf(current.sums[Measure::kUnits], base.sums[Measure::kUnits]),
            &v1::Growth::set_units, g);
  SetGrowth(GrowthOf(current.sums[Measure::kOrders], base.sums[Measure::kOrders]),
            &v1::Growth::set_orders, g);
  SetGrowth(GrowthOf(current.average_order_value_minor, base.average_order_value_minor),
            &v1::Growth::set_average_order_value, g);
  SetGrowth(GrowthOf(current.gross_margin_minor, base.gross_margin_minor),
            &v1::Growth::set_gross_margin, g);
  SetGrowth(GrowthOf(current.sums[Measure::kNewCustomers], base.sums[Measure::kNewCustomers]),
            &v1::Growth::set_new_customers, g);
  if (current.activity.has_value() && base.activity.has_value()) {
    const domain::CustomerActivity& c = *current.activity;
    const domain::CustomerActivity& b = *base.activity;
    SetGrowth(GrowthOf(c.active, b.active), &v1::Growth::set_active_customers, g);
    SetGrowth(GrowthOf(c.returning, b.returning), &v1::Growth::set_returning_customers, g);
    SetGrowth(GrowthOf(c.lapsed, b.lapsed), &v1::Growth::set_lapsed_customers, g);
    SetGrowth(domain::GrowthOfRate(*current.repeat_purchase_rate, *base.repeat_purchase_rate),
              &v1::Growth::set_repeat_purchase_rate, g);
  }
  *g.mutable_base_values() = ToProto(base);
  return g;
}

}  // namespace sales::analytics::api
