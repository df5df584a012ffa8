// Order pricing: line amounts, promotions (percent off, amount off, buy X get Y, order
// thresholds; exclusive or combinable), tax, totals, cost and margin, all in int64 minor
// units with explicit rounding. Pure: the caller loads products and promotions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace sales::orders::domain {

// Values equal the proto PromotionKind numbers.
enum class PromotionKind { kPercentOff = 1, kAmountOff = 2, kBuyXGetY = 3, kOrderThreshold = 4 };

struct PriceLine {
  int32_t line_id = 0;
  int64_t product_id = 0;
  std::string category;
  int64_t quantity = 0;
  int64_t unit_price_minor = 0;
  int64_t unit_cost_minor = 0;
};

struct PromotionRule {
  int64_t id = 0;
  std::string code;  // empty for automatic ones
  PromotionKind kind = PromotionKind::kPercentOff;
  int32_t percent_off_bp = 0;
  int64_t amount_off_minor = 0;
  int32_t buy_quantity = 0;
  int32_t free_quantity = 0;
  int64_t threshold_minor = 0;
  bool exclusive = false;
  std::vector<int64_t> product_ids;     // eligible products; with categories: either matches;
  std::vector<std::string> categories;  // both empty: every line is eligible
};

struct LineDiscount {
  int64_t promotion_id = 0;
  int64_t amount_minor = 0;
};

struct PricedLine {
  PriceLine line;
  int64_t subtotal_minor = 0;  // unit_price * quantity
  std::vector<LineDiscount> discounts;
  int64_t discount_minor = 0;  // sum of discounts, never above subtotal
  int64_t tax_minor = 0;       // on (subtotal - discount), rounded half up per line
  int64_t total_minor = 0;     // subtotal - discount + tax
  int64_t cost_minor = 0;      // unit_cost * quantity
};

struct PricedOrder {
  std::vector<PricedLine> lines;
  std::vector<LineDiscount> promotions;  // per promotion, the total it took off (> 0 only)
  int64_t subtotal_minor = 0;
  int64_t discount_minor = 0;
  int64_t tax_minor = 0;
  int64_t total_minor = 0;
  int64_t cost_minor = 0;
  int64_t margin_minor = 0;  // total - tax - cost
};

// Prices `lines` with the promotions that apply (already filtered by validity window, code
// and usage limits by the caller). Combinable promotions apply in the order given, each
// on what earlier ones left; if any exclusive promotion applies, the best single exclusive
// one is compared with all combinable ones together and the larger discount wins.
// `tax_rate_bp` is the tax on discounted amounts. INVALID_ARGUMENT on overflow.
//
// What each kind takes off an eligible line, given what earlier promotions left of it
// ("remaining"); never more than remaining:
// - PERCENT_OFF: remaining * percent_off_bp / 10000, rounded half up per line.
// - AMOUNT_OFF: amount_off_minor per unit.
// - BUY_X_GET_Y: floor(quantity / (X + Y)) * Y units at the line's unit price.
// - ORDER_THRESHOLD: when the eligible lines' remaining sum reaches threshold_minor,
//   amount_off_minor (if > 0, else percent_off_bp of that sum, rounded half up), at most
//   that sum, spread over the eligible lines in proportion to their remaining amounts by
//   the largest-remainder method (ties to the earlier line), so the parts sum exactly.
// Ties: an exclusive promotion wins only with a strictly larger discount than the
// combinable ones together; among exclusive ones with equal discounts the first given.
// A promotion that takes nothing off is listed nowhere (neither on lines nor in
// `promotions`). Negative quantities, prices, costs or tax rate, and promotion parameters
// that make no sense (percent above 10000, BUY_X_GET_Y without buy and free quantities
// >= 1, ...) are INVALID_ARGUMENT; lines are named "order.lines[i]" (0-based index in
// `lines`), promotions "promotions/{id}".
absl::StatusOr<PricedOrder> PriceOrder(const std::vector<PriceLine>& lines,
                                       const std::vector<PromotionRule>& promotions,
                                       int32_t tax_rate_bp);

// Whether an order needs an explicit approval: total above `approval_total_minor` (0 never)
// or discount share of subtotal above `approval_discount_bp` (0 never). "Above" is strict:
// exactly at a limit needs no approval.
bool NeedsApproval(const PricedOrder& order, int64_t approval_total_minor,
                   int32_t approval_discount_bp);

// How a credit counts (numbers as in sales.orders.v1.SalesCreditKind, and as stored):
// revenue credit splits the order's revenue once; overlay credit (a manager, a specialist)
// comes on top of it and never counts in a team or company total.
enum class CreditKind { kRevenue = 1, kOverlay = 2 };

// Credit shares (basis points) must each be 1-10000 and name distinct reps (a rep holds one
// kind of credit per order); the revenue shares sum to exactly 10000 (or there are no
// credits at all), overlay shares come on top and need revenue credit beside them.
// INVALID_ARGUMENT naming `field` otherwise: the element, e.g.
// "order.sales_credits[1].revenue_share_bp", for a bad one, `field` itself for a wrong sum.
// A rep is "reps/{id}" with an id of 1-64 characters of [A-Za-z0-9_-].
struct CreditShare {
  std::string rep;
  int32_t revenue_share_bp = 0;
  CreditKind kind = CreditKind::kRevenue;
  friend bool operator==(const CreditShare&, const CreditShare&) = default;
};
absl::Status ValidateCredits(std::string_view field, const std::vector<CreditShare>& credits);

}  // namespace sales::orders::domain
