// The KPIs derived from a period's summed measures: revenue net of discounts and refunds,
// margin, average order value, rates and scores, and growth against a base period. Each
// definition is stated here and in sales/analytics/v1/kpi.proto.
#pragma once

#include <cstdint>
#include <optional>

#include "services/analytics/src/domain/customer_activity.h"
#include "services/analytics/src/domain/inputs.h"
#include "services/analytics/src/domain/measures.h"

namespace sales::analytics::domain {

struct KpiFigures {
  Measures sums;
  int64_t revenue_minor = 0;              // net sales - refunds
  int64_t cost_minor = 0;                 // cost sold - cost returned
  int64_t gross_margin_minor = 0;         // revenue - cost
  double gross_margin_ratio = 0;          // margin / revenue; 0 when revenue is 0
  int64_t average_order_value_minor = 0;  // net sales / orders, half away from zero
  double return_rate = 0;                 // returned units / units sold
  double lead_conversion = 0;             // leads won / leads created (the cohort)
  double csat = 0;                        // share of 4s and 5s
  double nps = 0;                         // % promoters - % detractors
  InputSums inputs;                       // analytics' own inputs for the slice
  std::optional<int64_t> acquisition_cost_minor;
  std::optional<double> market_share;
  std::optional<double> visitor_conversion;
  // Active, returning, lapsed and repeat customers, when counted.
  std::optional<CustomerActivity> activity;
  std::optional<double> repeat_purchase_rate;  // repeat customers / active customers
};

KpiFigures FiguresOf(const Measures& sums, const InputSums& inputs = {},
                     const std::optional<CustomerActivity>& activity = std::nullopt);

// (current - base) / |base|; none when base is 0. The absolute value keeps the sign of
// growth meaningful when the base is negative (a loss that shrinks is growth).
std::optional<double> GrowthOf(int64_t current, int64_t base);
// The same for a rate (e.g. the repeat-purchase rate): relative change; none when base is 0.
std::optional<double> GrowthOfRate(double current, double base);

}  // namespace sales::analytics::domain
