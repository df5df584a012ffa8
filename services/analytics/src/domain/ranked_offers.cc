#include "services/analytics/src/domain/ranked_offers.h"

#include <optional>

namespace sales::analytics::domain {

std::vector<RankedOffer> RankedOffers(const ItemToItem& recommender, const RankedHoldout& holdout,
                                      RecommendationMethod method,
                                      const std::vector<int32_t>& history, size_t count) {
  const std::vector<Recommendation> list = RecommendBy(recommender, method, history, count);
  std::vector<RankedOffer> out;
  for (size_t k = 0; k < list.size(); ++k) {
    if (method == RecommendationMethod::kItemToItem && list[k].popular) continue;
    const std::optional<double> precision = holdout.Precision(method, k);
    if (!precision.has_value()) continue;
    out.push_back({list[k].product, static_cast<int32_t>(k), *precision});
  }
  return out;
}

}  // namespace sales::analytics::domain
