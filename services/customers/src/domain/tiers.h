// Membership tiers: configured lifetime-spend thresholds and the tier a spend earns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace sales::customers::domain {

// A customer holds tier `name` from a lifetime spend of `spend_threshold_minor` (minor
// units of the deployment currency) upwards, until the next tier's threshold.
struct TierRule {
  std::string name;
  int64_t spend_threshold_minor = 0;
};

// An immutable, validated list of tiers, lowest threshold first; the first starts at 0, so
// every spend maps to exactly one tier.
class TierTable final {
 public:
  static constexpr std::string_view kDefaultSpec =
      "standard:0,silver:100000,gold:500000,platinum:2000000";

  // Parses "name:threshold,name:threshold,..." (spaces around items are ignored). Names are
  // 1-40 characters of [a-z0-9_-] and unique; thresholds are non-negative int64, strictly
  // increasing, the first 0. INVALID_ARGUMENT naming `tiers` and the bad entry otherwise.
  static absl::StatusOr<TierTable> Parse(std::string_view spec);

  // Name of the tier with the highest threshold <= the spend. A negative spend, which
  // refunds could in theory produce, gets the first tier.
  std::string_view TierFor(int64_t lifetime_spend_minor) const;

  const std::vector<TierRule>& rules() const { return rules_; }

 private:
  explicit TierTable(std::vector<TierRule> rules) : rules_(std::move(rules)) {}

  std::vector<TierRule> rules_;
};

}  // namespace sales::customers::domain
