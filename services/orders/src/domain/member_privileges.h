// Member privileges: promotions limited to membership tiers ("gold and up") and products
// reserved for tiers during a window (priority purchase). Orders knows a customer's tier
// from the customers feed (TierChanged events); the tiers' order comes from the deployment
// (the same names customers is configured with, lowest first).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace sales::orders::domain {

// The membership tiers, lowest first, e.g. standard, silver, gold, platinum.
class TierLadder final {
 public:
  static constexpr std::string_view kDefaultSpec = "standard,silver,gold,platinum";

  // Parses "name,name,..." (names 1-40 characters of [a-z0-9_-], unique, at least one);
  // customers' "name:threshold,..." form is accepted too, thresholds ignored.
  // INVALID_ARGUMENT naming `tiers` otherwise.
  static absl::StatusOr<TierLadder> Parse(std::string_view spec);

  // The lowest tier: every customer holds it until the feed says otherwise.
  const std::string& lowest() const { return names_.front(); }
  // Position of the tier, 0 for the lowest; nullopt for a name not on the ladder.
  std::optional<int> Rank(std::string_view tier) const;
  // INVALID_ARGUMENT naming `field` unless `tier` is on the ladder.
  absl::Status Validate(std::string_view field, std::string_view tier) const;
  // Whether `tier` is `min_tier` or above; an empty min_tier is met by everyone, a tier not
  // on the ladder meets no limit.
  bool Meets(std::string_view tier, std::string_view min_tier) const;

  const std::vector<std::string>& names() const { return names_; }

 private:
  explicit TierLadder(std::vector<std::string> names) : names_(std::move(names)) {}
  std::vector<std::string> names_;
};

// A product's priority-purchase window: during [starts_at, ends_at) only customers of
// min_tier and up may order it. An empty min_tier: no reservation.
struct TierReservation {
  std::string min_tier;
  absl::Time starts_at = absl::InfinitePast();
  absl::Time ends_at = absl::InfinitePast();

  bool active_at(absl::Time now) const {
    return !min_tier.empty() && starts_at <= now && now < ends_at;
  }
};

// Checks a reservation's fields: min_tier on the ladder, a window with ends_at after
// starts_at. INVALID_ARGUMENT naming `field`.min_tier / .end_time.
absl::Status ValidateReservation(std::string_view field, const TierReservation& reservation,
                                 const TierLadder& ladder);

// FAILED_PRECONDITION when `product` ("products/{id}") is reserved at `now` for a tier above
// the customer's: "<field>: products/7 is reserved for tier gold and up until
// 2026-12-01T00:00:00Z; customers/3 is silver".
absl::Status CheckReservation(std::string_view field, std::string_view product,
                              const TierReservation& reservation, std::string_view customer,
                              std::string_view customer_tier, const TierLadder& ladder,
                              absl::Time now);

// FAILED_PRECONDITION "order.promotion_codes: code 'X' is for tier gold and up; customers/3
// is silver" when a code's promotion is limited to tiers above the customer's.
absl::Status CheckPromotionTier(std::string_view code, std::string_view min_tier,
                                std::string_view customer, std::string_view customer_tier,
                                const TierLadder& ladder);

}  // namespace sales::orders::domain
