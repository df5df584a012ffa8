// What analytics does with a promotion_changed event of the orders feed: it keeps the whole
// promotion (window, products and categories it applies to) as the event describes it, for
// promotion lift. Runs inside the consumer's transaction; a repeated event stores the same.
#pragma once

#include "absl/status/status.h"
#include "common/db/transaction.h"
#include "sales/events/v1/order_events.pb.h"
#include "services/analytics/src/ingest/ingest_context.h"

namespace sales::analytics::ingest {

absl::Status ApplyPromotionChanged(db::Transaction& tx, const IngestContext& ctx,
                                   const events::v1::PromotionChanged& event);

}  // namespace sales::analytics::ingest
