// Referrals: who may refer whom, and what a referrer earns when a referred customer's first
// order completes.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"

namespace sales::customers::domain {

// The referral reward, a loyalty setting of the deployment.
struct ReferralRules {
  // Points the referrer earns when a customer it referred completes its first order; 0
  // turns the reward off (the referral is still counted).
  int64_t points_per_referral = 0;
};

// The referrer named in `field` ("customers/{id}") for customer `self_id` (0 while the
// customer is being created). INVALID_ARGUMENT naming `field` for a malformed name or a
// customer naming itself. Whether the referrer exists is the caller's lookup.
absl::StatusOr<int64_t> ParseReferrer(std::string_view field, std::string_view name,
                                      int64_t self_id);

// Whether referred_by may be set on a customer that has `current_referrer` (0: none):
// FAILED_PRECONDITION naming `field` once it is set to another referrer (setting the same
// one again is a no-op and allowed).
absl::Status CheckReferrerChange(std::string_view field, int64_t current_referrer,
                                 int64_t new_referrer);

// A completed order of a referred customer, as the orders feed reports it.
struct ReferredOrder {
  bool first_completed = false;  // the customer had no completed order before this one
  bool imported = false;         // a historical order brought in by ImportOrders
};

// Points the referrer earns for this order: the configured reward for the first completed
// order of a live (not imported) order; nullopt when the order earns no reward at all (not
// the first), 0 when it is the first but historical (the reward is then used up).
std::optional<int64_t> ReferralRewardFor(const ReferredOrder& order, const ReferralRules& rules);

}  // namespace sales::customers::domain
