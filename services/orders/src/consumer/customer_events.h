// What the orders service does with the customers service's events: keeps each customer's
// membership tier (TierChanged) in its own customer_tiers table, for tier-limited promotions
// and reserved products. Runs inside the consumer's transaction, so each event is applied
// exactly once together with the feed checkpoint.
#pragma once

#include "absl/status/status.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"

namespace sales::orders::consumer {

// The event types this consumer subscribes to.
inline constexpr const char* kCustomerEventTypes[] = {"tier_changed"};

absl::Status ApplyCustomerEvent(db::Transaction& tx, const events::v1::Event& event);

}  // namespace sales::orders::consumer
