// What promotion lift takes from an order as placed: the promotions it used
// (OrderSnapshot.promotions), one row each, written with the order's facts on both ingest
// paths (order_events.cc per event, order_batch.cc per batch).
#pragma once

#include <vector>

#include "sales/events/v1/order_events.pb.h"
#include "services/analytics/src/store/promotion_use_store.h"

namespace sales::analytics::ingest {

// The promotions `order` used; none for an order without promotions.
std::vector<store::PromotionUse> PromotionUsesOf(const events::v1::OrderSnapshot& order);

}  // namespace sales::analytics::ingest
