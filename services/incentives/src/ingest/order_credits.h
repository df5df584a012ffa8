// Credits from the orders feed: a completed order credits its reps; a return resolved, or a
// cancellation, after completion reverses part or all of it (a return resolved before the
// order completed is kept and reversed when it completes). Each event is applied inside the
// consumer's transaction, which also advances the feed position, so it counts once; a replay
// from an older position finds what it already applied and changes nothing.
#pragma once

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"

namespace sales::incentives::ingest {

// The event types the credits consumer asks the orders feed for.
inline constexpr const char* kCreditEventTypes[] = {"order_status_changed", "return_resolved"};

// Applies one event of the orders feed; days are cut in `zone`.
absl::Status ApplyCreditEvent(db::Transaction& tx, const absl::TimeZone& zone,
                              const events::v1::Event& event);

}  // namespace sales::incentives::ingest
