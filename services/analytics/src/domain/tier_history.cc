#include "services/analytics/src/domain/tier_history.h"

namespace sales::analytics::domain {

absl::Time TierHistoryStart() {
  return absl::FromCivil(absl::CivilSecond(1000, 1, 1), absl::UTCTimeZone());
}

absl::Time TierHistoryEnd() {
  return absl::FromCivil(absl::CivilSecond(9999, 12, 31), absl::UTCTimeZone());
}

std::vector<TierSpan> SpansAfterChange(const std::optional<TierSpan>& open,
                                       const TierChange& change) {
  if (!open.has_value()) {
    std::vector<TierSpan> out;
    if (!change.from_tier.empty()) {
      out.push_back({TierHistoryStart(), change.at, change.from_tier});
    }
    out.push_back({change.at, TierHistoryEnd(), change.to_tier});
    return out;
  }
  if (change.at <= open->valid_from) return {{open->valid_from, TierHistoryEnd(), change.to_tier}};
  return {{open->valid_from, change.at, open->tier}, {change.at, TierHistoryEnd(), change.to_tier}};
}

}  // namespace sales::analytics::domain
