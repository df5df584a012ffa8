// The outbox writer: an event is written in the same transaction as the change it
// describes, so it exists exactly when the change does. The relay that publishes outbox
// rows to the event log comes with the event feed.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"

namespace sales {

// Fills id (UUID v4) and occur_time (now) when unset, derives `type` from the payload
// when unset, and inserts the row. Throws sql::SQLException like any Transaction call.
void WriteEvent(db::Transaction& tx, events::v1::Event event);

// The same for many events at once, in multi-row inserts (imports).
void WriteEvents(db::Transaction& tx, std::vector<events::v1::Event> events);

// The type name of the payload case, e.g. "customer_created".
std::string EventTypeOf(const events::v1::Event& event);

// What a Subscribe can filter on within the event's type (SubscribeRequest.order_statuses):
// the to_status of an order_status_changed; empty for every other type.
std::string EventVariantOf(const events::v1::Event& event);

// A random UUID v4 in text form.
std::string NewUuid();

}  // namespace sales
