#include "services/incentives/src/domain/credit_lines.h"

#include <algorithm>

#include "common/largest_remainder.h"

namespace sales::incentives::domain {
namespace {

// `amount` by `weights` (negative weights as 0; all 0: evenly).
std::vector<int64_t> Spread(int64_t amount, std::vector<int64_t> weights) {
  bool any = false;
  for (int64_t& w : weights) {
    w = std::max<int64_t>(w, 0);
    any = any || w > 0;
  }
  if (!any) std::fill(weights.begin(), weights.end(), 1);
  return SplitByLargestRemainder(amount, weights);
}

}  // namespace

std::vector<CreditLine> SplitOverLines(const SaleAmounts& credit,
                                       const std::vector<SoldLine>& lines) {
  if (lines.empty()) return {CreditLine{"", "", credit}};
  std::vector<int64_t> revenue_w;
  std::vector<int64_t> cost_w;
  std::vector<int64_t> units_w;
  for (const SoldLine& line : lines) {
    revenue_w.push_back(line.revenue);
    cost_w.push_back(line.cost);
    units_w.push_back(line.units);
  }
  const std::vector<int64_t> revenue = Spread(credit.revenue, revenue_w);
  const std::vector<int64_t> cost = Spread(credit.revenue - credit.margin, cost_w);
  const std::vector<int64_t> units = Spread(credit.units, units_w);
  std::vector<CreditLine> out;
  out.reserve(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    out.push_back(
        {lines[i].product, lines[i].category, {revenue[i], revenue[i] - cost[i], units[i]}});
  }
  return out;
}

}  // namespace sales::incentives::domain
