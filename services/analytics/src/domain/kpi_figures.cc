#include "services/analytics/src/domain/kpi_figures.h"

#include <cstdlib>

#include "services/analytics/src/domain/rounding.h"

namespace sales::analytics::domain {
namespace {

double Ratio(int64_t numerator, int64_t denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

}  // namespace

KpiFigures FiguresOf(const Measures& sums, const InputSums& inputs,
                     const std::optional<CustomerActivity>& activity) {
  KpiFigures f;
  f.sums = sums;
  f.inputs = inputs;
  f.revenue_minor = sums[Measure::kNetMinor] - sums[Measure::kRefundMinor];
  f.cost_minor = sums[Measure::kCostMinor] - sums[Measure::kRefundCostMinor];
  f.gross_margin_minor = f.revenue_minor - f.cost_minor;
  f.gross_margin_ratio = Ratio(f.gross_margin_minor, f.revenue_minor);
  f.average_order_value_minor = DivideRounded(sums[Measure::kNetMinor], sums[Measure::kOrders]);
  f.return_rate = Ratio(sums[Measure::kReturnedUnits], sums[Measure::kUnits]);
  f.lead_conversion = Ratio(sums[Measure::kLeadsWon], sums[Measure::kLeadsCreated]);
  // CSAT as the share of satisfied answers (4 or 5 of 5), the usual "top two boxes".
  f.csat = Ratio(sums[Measure::kCsatSatisfied], sums[Measure::kCsatResponses]);
  // NPS (Reichheld, "The One Number You Need to Grow", HBR 2003): % promoters (9-10) minus
  // % detractors (0-6).
  f.nps = 100.0 * Ratio(sums[Measure::kNpsPromoters] - sums[Measure::kNpsDetractors],
                        sums[Measure::kNpsResponses]);
  f.acquisition_cost_minor =
      AcquisitionCost(inputs.marketing_spend_minor, sums[Measure::kNewCustomers]);
  f.market_share = MarketShare(f.revenue_minor, inputs.market_size_minor);
  f.visitor_conversion = VisitorConversion(sums[Measure::kOrders], inputs.site_visits);
  f.activity = activity;
  if (activity.has_value()) f.repeat_purchase_rate = RepeatPurchaseRate(*activity);
  return f;
}

std::optional<double> GrowthOf(int64_t current, int64_t base) {
  if (base == 0) return std::nullopt;
  return static_cast<double>(current - base) / std::abs(static_cast<double>(base));
}

std::optional<double> GrowthOfRate(double current, double base) {
  if (base == 0) return std::nullopt;
  return (current - base) / std::abs(base);
}

}  // namespace sales::analytics::domain
