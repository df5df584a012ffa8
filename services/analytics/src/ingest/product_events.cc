#include "services/analytics/src/ingest/product_events.h"

namespace sales::analytics::ingest {

store::ProductName ProductNameOf(const events::v1::ProductChanged& event) {
  return {event.product(), event.sku(), event.display_name()};
}

absl::Status ApplyProductChanged(db::Transaction& tx, const IngestContext& ctx,
                                 const events::v1::ProductChanged& event) {
  store::RecordProductNames(tx, ctx.set, {ProductNameOf(event)});
  return absl::OkStatus();
}

}  // namespace sales::analytics::ingest
