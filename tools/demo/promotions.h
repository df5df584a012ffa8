// The demo's promotions: one campaign per shopping festival the history covers (a code for
// Spring Festival gifts and Double 12, automatic discounts at 618 and Double 11) and one
// automatic promotion running in the live window. The festivals' extra demand is in
// DemandWeight; the discounts of imported orders are computed here as the service would.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "sales/orders/v1/promotion.pb.h"
#include "tools/demo/options.h"
#include "tools/demo/random.h"

namespace sales::demo {

struct PromotionPlan {
  std::string key;           // "double-11-2025": request ids
  std::string code;          // empty for an automatic promotion
  std::string display_name;  // "Double 11 2025: 12% off electronics"
  sales::orders::v1::PromotionKind kind = sales::orders::v1::PROMOTION_KIND_PERCENT_OFF;
  int64_t percent_off_bp = 0;
  int64_t amount_off = 0;               // ORDER_THRESHOLD: off the order, minor units
  int64_t threshold = 0;                // ORDER_THRESHOLD: eligible sum that triggers it
  std::vector<std::string> categories;  // empty: every category
  absl::CivilDay first;                 // first day it runs
  absl::CivilDay last;                  // last day it runs (inclusive)
  double code_use = 0;                  // share of orders in its days that enter the code
  std::string name;                     // "promotions/{id}" once loaded

  bool Covers(absl::CivilDay d) const { return d >= first && d <= last; }
  bool Eligible(const std::string& category) const;
};

std::vector<PromotionPlan> PlanPromotions(const DemoOptions& options);

// One line as priced for the history: subtotal and what the promotions took off.
struct PricedLine {
  std::string category;
  int64_t subtotal = 0;
  int64_t discount = 0;
};

// Applies the promotions running on day d to the lines, in plan order, each on what the
// earlier ones left: percentages per line rounded half up, a threshold amount spread over
// the eligible lines by the largest-remainder method. Code promotions apply when the
// customer entered the code (drawn from rng with the promotion's code_use).
void ApplyPromotions(const std::vector<PromotionPlan>& promotions, absl::CivilDay d, Random& rng,
                     std::vector<PricedLine>& lines);

}  // namespace sales::demo
