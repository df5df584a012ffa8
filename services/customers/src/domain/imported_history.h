// The rules for history brought in from a legacy system (ImportCustomerHistory): times lie
// in the past, and a lead's stage history is a path through the funnel's table of allowed
// moves (funnel.h) in time order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/customers/src/domain/funnel.h"

namespace sales::customers::domain {

// At most this many moves in one imported lead's history.
inline constexpr size_t kMaxImportedMoves = 100;

// OK if `t` is set (not InfinitePast), not after `now` and not before 1970-01-02; else
// INVALID_ARGUMENT naming `field`: "is required", "is in the future (...)" or "is before 1970".
absl::Status CheckPastTime(std::string_view field, absl::Time t, absl::Time now);

// One move of an imported lead: the stage moved to, when, and the lost reason of a move to
// LOST.
struct ImportedMove {
  LeadStage to = LeadStage::kLead;
  absl::Time at = absl::InfinitePast();
  std::string lost_reason;
};

// Checks the history of a lead created (in LEAD) at `created`: each move allowed from the
// stage before by CheckTransition, at or after the move before (or `created`), none in the
// future of `now`, at most kMaxImportedMoves. Returns the final stage, or INVALID_ARGUMENT
// naming the move, e.g. "lead.stage_history[2].stage: cannot move a lead from
// LEAD_STAGE_LEAD to LEAD_STAGE_WON" (`field` is "lead.stage_history").
absl::StatusOr<LeadStage> CheckImportedHistory(std::string_view field, absl::Time created,
                                               const std::vector<ImportedMove>& moves,
                                               absl::Time now);

}  // namespace sales::customers::domain
