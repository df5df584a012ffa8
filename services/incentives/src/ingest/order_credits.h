// Credits from the orders feed: a completed order credits its reps; a return resolved, or a
// cancellation, after completion reverses part or all of it (a return resolved before the
// order completed is kept and reversed when it completes). Each event is applied inside the
// consumer's transaction, which also advances the feed position, so it counts once; a replay
// from an older position finds what it already applied and changes nothing.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "services/incentives/src/domain/attainment.h"
#include "services/incentives/src/domain/credit_lines.h"
#include "services/incentives/src/store/credit_store.h"

namespace sales::incentives::ingest {

// The event types the credits consumer asks the orders feed for.
inline constexpr const char* kCreditEventTypes[] = {"order_status_changed", "return_resolved"};
// The order statuses it asks for: a completion credits, a cancellation after completion
// reverses. The others (received to delivered) are most of an order's events and credit
// nothing, so the feed does not send them.
inline constexpr const char* kCreditStatuses[] = {"ORDER_STATUS_COMPLETED",
                                                  "ORDER_STATUS_CANCELLED"};

// Applies one event of the orders feed; days are cut in `zone`. Each credit or reversal
// written adds its (rep, day) to `touched` when given.
absl::Status ApplyCreditEvent(db::Transaction& tx, const absl::TimeZone& zone,
                              const events::v1::Event& event,
                              std::vector<domain::CreditTouch>* touched = nullptr);

// Whether `event` completes an order.
bool IsCompletion(const events::v1::Event& event);

// What a completion credits, before any return is taken into account: the order's row and
// one credit per share (ids not set). Reads nothing.
struct Completion {
  store::CreditedOrderRow order;
  std::vector<store::CreditRow> credits;
};
Completion CompletionOf(const absl::TimeZone& zone, const events::v1::Event& event);
// The lines a status change's order sold (what a completion's credits' lines, and a
// cancellation's reversals' lines, are split over).
std::vector<domain::SoldLine> SoldLinesOf(const events::v1::Event& event);
// When a status change happened: its change time (else the event's), to the microsecond.
absl::Time ChangeTimeOf(const events::v1::Event& event);

// A return_resolved event's row (applied = false) and the lines it took back.
store::OrderReturnRow ReturnRowOf(const events::v1::Event& event);
std::vector<domain::SoldLine> ReturnLinesOf(const events::v1::Event& event);

// The reversing credits (ids not set, each with its lines: its amounts spread over `lines`)
// of `returned` taken back after `returned_before` from an order credited by `originals`
// (its completion's credits, in the order of its shares), counted on `day`.
std::vector<store::CreditRow> ReversalRows(const std::vector<store::CreditRow>& originals,
                                           const domain::SaleAmounts& returned_before,
                                           const domain::SaleAmounts& returned,
                                           const std::vector<domain::SoldLine>& lines,
                                           const std::string& cause, domain::CreditCause cause_kind,
                                           absl::CivilDay day, absl::Time at);

}  // namespace sales::incentives::ingest
