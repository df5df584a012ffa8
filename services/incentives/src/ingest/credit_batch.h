// The credits consumer's batch path: a batch of the orders feed's events applied in the
// consumer's transaction with a few statements whatever its size. The batch's orders and
// returns are read once (which orders were credited, and how much was taken back; which have
// returns waiting; which returns were recorded), every completion, return and cancellation
// is applied to them in memory in feed order, and the result is written with multi-row
// statements: the completions' credits, then the reversals (whose originals, read back in
// one statement, have their ids by then), the credited orders' rows, the returns. The
// result is the one of applying the events one by one (ApplyCreditEvent). The rare order
// whose completion finds a return waiting (resolved before it) has all its events applied
// one by one, in feed order.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "services/incentives/src/domain/attainment.h"

namespace sales::incentives::ingest {

// Applies `events` (in feed order); each credit or reversal written adds its (rep, day) to
// `touched` when given.
absl::Status ApplyCreditBatch(db::Transaction& tx, const absl::TimeZone& zone,
                              const std::vector<const events::v1::Event*>& events,
                              std::vector<domain::CreditTouch>* touched);

}  // namespace sales::incentives::ingest
