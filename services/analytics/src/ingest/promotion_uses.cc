#include "services/analytics/src/ingest/promotion_uses.h"

namespace sales::analytics::ingest {

std::vector<store::PromotionUse> PromotionUsesOf(const events::v1::OrderSnapshot& order) {
  std::vector<store::PromotionUse> out;
  out.reserve(static_cast<size_t>(order.promotions_size()));
  for (const events::v1::PromotionUse& use : order.promotions()) {
    out.push_back({order.order(), use.promotion(), use.code(), use.discount_minor()});
  }
  return out;
}

}  // namespace sales::analytics::ingest
