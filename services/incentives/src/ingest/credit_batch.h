// The credits consumer's batch path: a batch of the orders feed's events applied in the
// consumer's transaction with few statements. Completions of orders not credited before and
// without a return waiting (nearly all of them) are credited together: one read of which
// orders were credited, one of which have returns waiting, then multi-row inserts of their
// credits and credited-order rows. Every other event (a return, a cancellation, a completion
// with a return waiting) is applied on its own with ApplyCreditEvent, in feed order: the
// completions gathered before it are written first, so the result is the same as applying
// the events one by one.
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
