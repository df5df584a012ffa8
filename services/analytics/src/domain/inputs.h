// Analytics' own inputs, given per period and kept per day: marketing spend per channel,
// market size per region and site visits per channel; and the KPIs they make.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace sales::analytics::domain {

enum class InputKind { kMarketingSpend, kMarketSize, kSiteVisits };

// The stored name of a kind: "marketing_spend", "market_size", "site_visits".
const char* InputKindKey(InputKind kind);

// `amount` over `days` days, exactly: each day gets amount / days, and the first
// amount % days days one unit more (the same split for a negative amount, mirrored).
std::vector<int64_t> SpreadOverDays(int64_t amount, int days);

// Sums of the inputs over a period, for one slice.
struct InputSums {
  int64_t marketing_spend_minor = 0;
  int64_t market_size_minor = 0;
  int64_t site_visits = 0;
};

// Customer acquisition cost: marketing spend / new customers of the period, rounded half
// away from zero; none without new customers.
std::optional<int64_t> AcquisitionCost(int64_t spend_minor, int64_t new_customers);
// Market share: revenue / market size; none without a market size.
std::optional<double> MarketShare(int64_t revenue_minor, int64_t market_size_minor);
// Visitor conversion: orders / site visits; none without visits.
std::optional<double> VisitorConversion(int64_t orders, int64_t visits);

}  // namespace sales::analytics::domain
