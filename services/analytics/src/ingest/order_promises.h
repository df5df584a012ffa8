// What the orders past their promised date take from the orders feed: every order that
// carries a delivery promise (OrderSnapshot.promised_date), from its placement and each
// status change analytics receives (which carries the order's current promise), and its
// cancellation time.
// Written on both ingest paths (order_events.cc per event, order_batch.cc per batch);
// idempotent by its row.
#pragma once

#include <optional>

#include "sales/events/v1/event.pb.h"
#include "services/analytics/src/store/order_promise_store.h"

namespace sales::analytics::ingest {

// The promise row of an OrderPlaced or OrderStatusChanged event whose order carries a
// readable promised date (an unreadable one is logged and skipped); none otherwise.
std::optional<store::OrderPromise> OrderPromiseOf(const events::v1::Event& event);

}  // namespace sales::analytics::ingest
