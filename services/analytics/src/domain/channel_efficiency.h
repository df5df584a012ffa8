// Channel efficiency: per sales channel and period, what it sold (revenue, gross margin,
// orders, new customers), how its leads converted, and what its marketing spend bought:
// customer acquisition cost (spend / new customers) and return on spend (revenue / spend).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "services/analytics/src/domain/measures.h"

namespace sales::analytics::domain {

// The sales channel (as orders name it) of a lead's acquisition channel: the acquisition
// channels that are sales channels too map by name (ACQUISITION_CHANNEL_STORE, _WEB and
// _PARTNER to CHANNEL_STORE, _WEB and _PARTNER); the others (organic, referral,
// advertising, event, outbound) belong to no sales channel.
std::optional<std::string> SalesChannelOfLead(std::string_view acquisition_channel);

// What a channel's figures are computed from over one period.
struct ChannelInputs {
  Measures sums;  // the channel's rollup measures
  int64_t marketing_spend_minor = 0;
  int64_t leads_created = 0;
  int64_t leads_won = 0;
  ChannelInputs& operator+=(const ChannelInputs& o) {
    sums += o.sums;
    marketing_spend_minor += o.marketing_spend_minor;
    leads_created += o.leads_created;
    leads_won += o.leads_won;
    return *this;
  }
};

struct ChannelFigures {
  int64_t revenue_minor = 0;       // net sales - refunds
  int64_t gross_margin_minor = 0;  // revenue - (cost sold - cost returned)
  int64_t orders = 0;
  int64_t new_customers = 0;
  int64_t leads_created = 0;
  int64_t leads_won = 0;
  std::optional<double> lead_conversion;  // won / created; absent without leads
  int64_t marketing_spend_minor = 0;
  // spend / new customers, rounded half away from zero; absent without new customers.
  std::optional<int64_t> acquisition_cost_minor;
  // revenue / spend; absent without spend.
  std::optional<double> return_on_spend;
};

ChannelFigures ChannelFiguresOf(const ChannelInputs& in);

}  // namespace sales::analytics::domain
