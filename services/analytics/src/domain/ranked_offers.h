// The products a recommendation method would show a customer, each valued by how often the
// recommender's last-order holdout found the product at its rank in the hidden order: what a
// product offer (next_best_action.h, offer_product) is worth.
#pragma once

#include <cstdint>
#include <vector>

#include "services/analytics/src/domain/basket.h"

namespace sales::analytics::domain {

// A product of a customer's list by one method, with the holdout's precision at its rank.
struct RankedOffer {
  int32_t product = 0;
  int32_t rank = 0;  // 0-based, in the method's list
  double precision = 0;
};

// The products RecommendBy(`method`) lists for a customer who bought `history` (at most
// `count`) at ranks where `holdout` knows the method's precision (RankedHoldout::Precision),
// in rank order: by item-to-item its co-purchase recommendations (a popular product filling
// the list is not one), by most popular every product listed.
std::vector<RankedOffer> RankedOffers(const ItemToItem& recommender, const RankedHoldout& holdout,
                                      RecommendationMethod method,
                                      const std::vector<int32_t>& history, size_t count);

}  // namespace sales::analytics::domain
