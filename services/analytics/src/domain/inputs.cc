#include "services/analytics/src/domain/inputs.h"

#include <cstdlib>

#include "services/analytics/src/domain/rounding.h"

namespace sales::analytics::domain {

const char* InputKindKey(InputKind kind) {
  switch (kind) {
    case InputKind::kMarketingSpend:
      return "marketing_spend";
    case InputKind::kMarketSize:
      return "market_size";
    case InputKind::kSiteVisits:
      return "site_visits";
  }
  return "marketing_spend";
}

std::vector<int64_t> SpreadOverDays(int64_t amount, int days) {
  if (days <= 0) return {};
  const int64_t magnitude = std::llabs(amount);
  const int64_t sign = amount < 0 ? -1 : 1;
  std::vector<int64_t> out(static_cast<size_t>(days), sign * (magnitude / days));
  for (int64_t i = 0; i < magnitude % days; ++i) out[static_cast<size_t>(i)] += sign;
  return out;
}

std::optional<int64_t> AcquisitionCost(int64_t spend_minor, int64_t new_customers) {
  if (new_customers <= 0) return std::nullopt;
  return DivideRounded(spend_minor, new_customers);
}

std::optional<double> MarketShare(int64_t revenue_minor, int64_t market_size_minor) {
  if (market_size_minor <= 0) return std::nullopt;
  return static_cast<double>(revenue_minor) / static_cast<double>(market_size_minor);
}

std::optional<double> VisitorConversion(int64_t orders, int64_t visits) {
  if (visits <= 0) return std::nullopt;
  return static_cast<double>(orders) / static_cast<double>(visits);
}

}  // namespace sales::analytics::domain
