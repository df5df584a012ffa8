#include "services/orders/src/domain/pricing.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

#include "absl/numeric/int128.h"
#include "absl/strings/str_format.h"
#include "common/resource_names.h"

namespace sales::orders::domain {
namespace {

constexpr int64_t kBpPerUnit = 10000;  // basis points in 100%
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

std::string LineField(size_t index) { return absl::StrFormat("order.lines[%d]", index); }

std::string PromotionName(const PromotionRule& promotion) {
  return absl::StrFormat("promotions/%d", promotion.id);
}

absl::Status Overflow(std::string_view field, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrFormat("%s: %s overflows int64", field, what));
}

// amount * bp / 10000, rounded half up; both are non-negative. 128-bit, so the caller
// checks the range when bp may exceed 10000.
absl::int128 MulBpHalfUp(int64_t amount, int64_t bp) {
  return (absl::int128(amount) * bp + kBpPerUnit / 2) / kBpPerUnit;
}

bool FitsInt64(absl::int128 value) { return value <= absl::int128(kInt64Max); }

bool IsEligible(const PromotionRule& promotion, const PriceLine& line) {
  if (promotion.product_ids.empty() && promotion.categories.empty()) return true;
  return std::find(promotion.product_ids.begin(), promotion.product_ids.end(), line.product_id) !=
             promotion.product_ids.end() ||
         std::find(promotion.categories.begin(), promotion.categories.end(), line.category) !=
             promotion.categories.end();
}

absl::Status ValidateLine(size_t index, const PriceLine& line) {
  const auto invalid = [&](std::string_view sub, std::string_view problem) {
    return absl::InvalidArgumentError(absl::StrFormat("%s.%s: %s", LineField(index), sub, problem));
  };
  if (line.quantity < 0) return invalid("quantity", "must not be negative");
  if (line.unit_price_minor < 0) return invalid("unit_price", "must not be negative");
  if (line.unit_cost_minor < 0) return invalid("unit_cost", "must not be negative");
  return absl::OkStatus();
}

absl::Status ValidatePromotion(const PromotionRule& promotion) {
  const auto invalid = [&](std::string_view problem) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: %s", PromotionName(promotion), problem));
  };
  if (promotion.percent_off_bp < 0 || promotion.percent_off_bp > kBpPerUnit) {
    return invalid("percent_off_bp must be 0-10000");
  }
  if (promotion.amount_off_minor < 0) return invalid("amount_off must not be negative");
  if (promotion.threshold_minor < 0) return invalid("threshold must not be negative");
  switch (promotion.kind) {
    case PromotionKind::kPercentOff:
    case PromotionKind::kAmountOff:
    case PromotionKind::kOrderThreshold:
      return absl::OkStatus();
    case PromotionKind::kBuyXGetY:
      if (promotion.buy_quantity < 1 || promotion.free_quantity < 1) {
        return invalid("buy_quantity and free_quantity must be at least 1");
      }
      return absl::OkStatus();
  }
  return invalid(absl::StrFormat("unknown kind %d", static_cast<int>(promotion.kind)));
}

// Splits `amount` (<= sum of weights) over `weights` in proportion, by the largest-remainder
// method: every part is the floor of its exact share, and the units left over go one each
// to the largest fractional remainders (ties to the lower index). Parts sum to `amount`
// and none exceeds its weight.
std::vector<int64_t> SplitLargestRemainder(int64_t amount, const std::vector<int64_t>& weights) {
  std::vector<int64_t> parts(weights.size(), 0);
  absl::int128 total = 0;
  for (int64_t w : weights) total += w;
  if (amount <= 0 || total == 0) return parts;
  std::vector<std::pair<absl::int128, size_t>> remainders;  // (remainder, index)
  int64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] <= 0) continue;
    const absl::int128 exact = absl::int128(amount) * weights[i];
    parts[i] = static_cast<int64_t>(exact / total);
    given += parts[i];
    remainders.emplace_back(exact % total, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t k = 0; given < amount && k < remainders.size(); ++k, ++given) {
    ++parts[remainders[k].second];
  }
  return parts;
}

// What `promotion` takes off each line, given what is left of each line.
std::vector<int64_t> DiscountsOf(const PromotionRule& promotion,
                                 const std::vector<PriceLine>& lines,
                                 const std::vector<int64_t>& remaining) {
  std::vector<int64_t> off(lines.size(), 0);
  std::vector<bool> eligible(lines.size(), false);
  for (size_t i = 0; i < lines.size(); ++i) eligible[i] = IsEligible(promotion, lines[i]);

  switch (promotion.kind) {
    case PromotionKind::kPercentOff:
      for (size_t i = 0; i < lines.size(); ++i) {
        if (!eligible[i]) continue;
        // percent_off_bp <= 10000, so the result never exceeds remaining.
        off[i] = static_cast<int64_t>(MulBpHalfUp(remaining[i], promotion.percent_off_bp));
      }
      break;
    case PromotionKind::kAmountOff:
      for (size_t i = 0; i < lines.size(); ++i) {
        if (!eligible[i]) continue;
        const absl::int128 wanted = absl::int128(promotion.amount_off_minor) * lines[i].quantity;
        off[i] = static_cast<int64_t>(std::min(wanted, absl::int128(remaining[i])));
      }
      break;
    case PromotionKind::kBuyXGetY: {
      const int64_t group = int64_t{promotion.buy_quantity} + promotion.free_quantity;
      for (size_t i = 0; i < lines.size(); ++i) {
        if (!eligible[i]) continue;
        const int64_t free_units = lines[i].quantity / group * promotion.free_quantity;
        const absl::int128 wanted = absl::int128(free_units) * lines[i].unit_price_minor;
        off[i] = static_cast<int64_t>(std::min(wanted, absl::int128(remaining[i])));
      }
      break;
    }
    case PromotionKind::kOrderThreshold: {
      std::vector<int64_t> weights(lines.size(), 0);
      int64_t eligible_sum = 0;  // <= the order subtotal, which fits
      for (size_t i = 0; i < lines.size(); ++i) {
        if (!eligible[i]) continue;
        weights[i] = remaining[i];
        eligible_sum += remaining[i];
      }
      if (eligible_sum == 0 || eligible_sum < promotion.threshold_minor) break;
      int64_t amount =
          promotion.amount_off_minor > 0
              ? promotion.amount_off_minor
              : static_cast<int64_t>(MulBpHalfUp(eligible_sum, promotion.percent_off_bp));
      amount = std::min(amount, eligible_sum);
      off = SplitLargestRemainder(amount, weights);
      break;
    }
  }
  return off;
}

// The outcome of applying a set of promotions in order.
struct Applied {
  std::vector<std::vector<LineDiscount>> per_line;
  std::vector<LineDiscount> per_promotion;  // only those that took something off
  int64_t total = 0;
};

Applied ApplyInOrder(const std::vector<const PromotionRule*>& promotions,
                     const std::vector<PriceLine>& lines, std::vector<int64_t> remaining) {
  Applied applied;
  applied.per_line.resize(lines.size());
  for (const PromotionRule* promotion : promotions) {
    const std::vector<int64_t> off = DiscountsOf(*promotion, lines, remaining);
    int64_t promotion_total = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (off[i] <= 0) continue;
      remaining[i] -= off[i];
      promotion_total += off[i];
      applied.per_line[i].push_back({promotion->id, off[i]});
    }
    if (promotion_total > 0) {
      applied.per_promotion.push_back({promotion->id, promotion_total});
      applied.total += promotion_total;
    }
  }
  return applied;
}

}  // namespace

absl::StatusOr<PricedOrder> PriceOrder(const std::vector<PriceLine>& lines,
                                       const std::vector<PromotionRule>& promotions,
                                       int32_t tax_rate_bp) {
  if (tax_rate_bp < 0) {
    return absl::InvalidArgumentError("tax_rate_bp: must not be negative");
  }
  PricedOrder order;
  order.lines.reserve(lines.size());
  std::vector<int64_t> subtotals(lines.size(), 0);
  for (size_t i = 0; i < lines.size(); ++i) {
    const PriceLine& line = lines[i];
    if (absl::Status st = ValidateLine(i, line); !st.ok()) return st;
    PricedLine priced;
    priced.line = line;
    if (__builtin_mul_overflow(line.unit_price_minor, line.quantity, &priced.subtotal_minor)) {
      return Overflow(LineField(i), "unit_price * quantity");
    }
    if (__builtin_mul_overflow(line.unit_cost_minor, line.quantity, &priced.cost_minor)) {
      return Overflow(LineField(i), "unit_cost * quantity");
    }
    if (__builtin_add_overflow(order.subtotal_minor, priced.subtotal_minor,
                               &order.subtotal_minor)) {
      return Overflow("order.lines", "order subtotal");
    }
    if (__builtin_add_overflow(order.cost_minor, priced.cost_minor, &order.cost_minor)) {
      return Overflow("order.lines", "order cost");
    }
    subtotals[i] = priced.subtotal_minor;
    order.lines.push_back(std::move(priced));
  }

  std::vector<const PromotionRule*> combinable;
  std::vector<const PromotionRule*> exclusive;
  for (const PromotionRule& promotion : promotions) {
    if (absl::Status st = ValidatePromotion(promotion); !st.ok()) return st;
    (promotion.exclusive ? exclusive : combinable).push_back(&promotion);
  }
  // Every sum of discounts below is at most the order subtotal, which fits in int64.
  Applied best = ApplyInOrder(combinable, lines, subtotals);
  for (const PromotionRule* promotion : exclusive) {
    Applied alone = ApplyInOrder({promotion}, lines, subtotals);
    if (alone.total > best.total) best = std::move(alone);
  }

  order.promotions = std::move(best.per_promotion);
  order.discount_minor = best.total;
  for (size_t i = 0; i < order.lines.size(); ++i) {
    PricedLine& priced = order.lines[i];
    priced.discounts = std::move(best.per_line[i]);
    for (const LineDiscount& d : priced.discounts) priced.discount_minor += d.amount_minor;
    const int64_t taxable = priced.subtotal_minor - priced.discount_minor;
    const absl::int128 tax = MulBpHalfUp(taxable, tax_rate_bp);
    if (!FitsInt64(tax)) return Overflow(LineField(i), "tax");
    priced.tax_minor = static_cast<int64_t>(tax);
    if (__builtin_add_overflow(taxable, priced.tax_minor, &priced.total_minor)) {
      return Overflow(LineField(i), "total");
    }
    if (__builtin_add_overflow(order.tax_minor, priced.tax_minor, &order.tax_minor)) {
      return Overflow("order.lines", "order tax");
    }
    if (__builtin_add_overflow(order.total_minor, priced.total_minor, &order.total_minor)) {
      return Overflow("order.lines", "order total");
    }
  }
  // total - tax = subtotal - discount >= 0 and cost >= 0, so this cannot overflow.
  order.margin_minor = order.total_minor - order.tax_minor - order.cost_minor;
  return order;
}

bool NeedsApproval(const PricedOrder& order, int64_t approval_total_minor,
                   int32_t approval_discount_bp) {
  if (approval_total_minor > 0 && order.total_minor > approval_total_minor) return true;
  if (approval_discount_bp > 0 && absl::int128(order.discount_minor) * kBpPerUnit >
                                      absl::int128(order.subtotal_minor) * approval_discount_bp) {
    return true;
  }
  return false;
}

absl::Status ValidateCredits(std::string_view field, const std::vector<CreditShare>& credits) {
  std::unordered_map<std::string_view, CreditKind> reps;
  int64_t revenue_sum = 0;
  for (size_t i = 0; i < credits.size(); ++i) {
    const CreditShare& credit = credits[i];
    const std::string element = absl::StrFormat("%s[%d]", field, i);
    if (absl::Status rep = ValidateRepName(element + ".rep", credit.rep); !rep.ok()) return rep;
    if (auto [held, added] = reps.emplace(credit.rep, credit.kind); !added) {
      return absl::InvalidArgumentError(
          held->second == credit.kind
              ? absl::StrFormat("%s.rep: %s is credited more than once", element, credit.rep)
              : absl::StrFormat("%s.rep: %s holds both revenue and overlay credit; a rep holds "
                                "one kind of credit per order",
                                element, credit.rep));
    }
    if (credit.revenue_share_bp < 1 || credit.revenue_share_bp > kBpPerUnit) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s.revenue_share_bp: must be 1-10000 basis points, got %d", element,
                          credit.revenue_share_bp));
    }
    if (credit.kind == CreditKind::kRevenue) revenue_sum += credit.revenue_share_bp;
  }
  if (!credits.empty() && revenue_sum != kBpPerUnit) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: revenue shares must sum to 10000 basis points, got %d", field, revenue_sum));
  }
  return absl::OkStatus();
}

}  // namespace sales::orders::domain
