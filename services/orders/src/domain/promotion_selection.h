// Which promotions an order gets: the codes the customer entered first (each must be valid),
// then every automatic promotion that is (others are skipped silently). Pure: the caller
// loads the promotions and how often they were used beforehand.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/orders/src/domain/member_privileges.h"
#include "services/orders/src/domain/pricing.h"

namespace sales::orders::domain {

// A promotion as found for one order, with its uses so far.
struct PromotionOffer {
  PromotionRule rule;  // rule.code is empty for a promotion without a code
  bool automatic = false;
  absl::Time starts_at = absl::InfinitePast();  // valid from (inclusive)
  absl::Time ends_at = absl::InfinitePast();    // valid until (exclusive)
  int64_t usage_limit_total = 0;                // 0: no limit
  int64_t usage_limit_per_customer = 0;         // 0: no limit
  int64_t used_count = 0;                       // uses by every customer
  int64_t customer_uses = 0;                    // uses by the ordering customer
  std::string min_tier;                         // only for this tier and up; empty: anyone

  // starts_at <= now < ends_at.
  bool ValidAt(absl::Time now) const;
  // Neither the total nor the per-customer limit reached.
  bool WithinLimits() const;
};

// The rules to price an order with at `now`, in the order they apply: the promotions of
// `codes` in the order entered, then the automatic ones valid at `now` and within their
// limits, in the order of `offers`; each promotion once. A code no offer carries is
// INVALID_ARGUMENT "order.promotion_codes: unknown code 'X'"; a code outside its window or
// at a usage limit is FAILED_PRECONDITION naming order.promotion_codes and the code.
absl::StatusOr<std::vector<PromotionRule>> SelectPromotions(
    const std::vector<std::string>& codes, const std::vector<PromotionOffer>& offers,
    absl::Time now);

// The ordering customer as member privileges see it.
struct Member {
  std::string customer;  // "customers/{id}"
  std::string tier;      // the tier orders has seen from the customers feed
  const TierLadder* ladder = nullptr;
};

// As above, with tier limits: a code whose promotion is for a tier above the member's is
// FAILED_PRECONDITION (CheckPromotionTier); an automatic promotion limited to tiers above the
// member's simply does not apply.
absl::StatusOr<std::vector<PromotionRule>> SelectPromotions(
    const std::vector<std::string>& codes, const std::vector<PromotionOffer>& offers,
    absl::Time now, const Member& member);

}  // namespace sales::orders::domain
