#include "services/orders/src/consumer/customer_events.h"

#include "common/server/log.h"
#include "common/time_util.h"
#include "services/orders/src/api/mapping_orders.h"
#include "services/orders/src/store/catalogue_store.h"

namespace sales::orders::consumer {

absl::Status ApplyCustomerEvent(db::Transaction& tx, const events::v1::Event& event) {
  if (event.payload_case() != events::v1::Event::kTierChanged) return absl::OkStatus();
  const events::v1::TierChanged& changed = event.tier_changed();
  absl::StatusOr<int64_t> customer = api::ParseIdName("customer", "customers", changed.customer());
  if (!customer.ok() || changed.to_tier().empty()) {
    // Cannot be applied, and must not block the feed.
    log::Warn("tier change names no valid customer or tier; skipped",
              {{"event_id", event.id()}, {"position", event.position()}});
    return absl::OkStatus();
  }
  store::SetCustomerTier(tx, *customer, changed.to_tier(), FromProtoTime(event.occur_time()));
  return absl::OkStatus();
}

}  // namespace sales::orders::consumer
