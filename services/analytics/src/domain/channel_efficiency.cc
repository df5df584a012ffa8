#include "services/analytics/src/domain/channel_efficiency.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/analytics/src/domain/rounding.h"

namespace sales::analytics::domain {

std::optional<std::string> SalesChannelOfLead(std::string_view acquisition_channel) {
  for (const char* shared : {"STORE", "WEB", "PARTNER"}) {
    if (acquisition_channel == absl::StrCat("ACQUISITION_CHANNEL_", shared)) {
      return absl::StrCat("CHANNEL_", shared);
    }
  }
  return std::nullopt;
}

ChannelFigures ChannelFiguresOf(const ChannelInputs& in) {
  const Measures& m = in.sums;
  ChannelFigures out;
  out.revenue_minor = m[Measure::kNetMinor] - m[Measure::kRefundMinor];
  out.gross_margin_minor =
      out.revenue_minor - (m[Measure::kCostMinor] - m[Measure::kRefundCostMinor]);
  out.orders = m[Measure::kOrders];
  out.new_customers = m[Measure::kNewCustomers];
  out.leads_created = in.leads_created;
  out.leads_won = in.leads_won;
  if (in.leads_created > 0) {
    out.lead_conversion = static_cast<double>(in.leads_won) / static_cast<double>(in.leads_created);
  }
  out.marketing_spend_minor = in.marketing_spend_minor;
  if (out.new_customers > 0) {
    out.acquisition_cost_minor = DivideRounded(in.marketing_spend_minor, out.new_customers);
  }
  if (in.marketing_spend_minor != 0) {
    out.return_on_spend =
        static_cast<double>(out.revenue_minor) / static_cast<double>(in.marketing_spend_minor);
  }
  return out;
}

}  // namespace sales::analytics::domain
