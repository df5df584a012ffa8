// The sales funnel: lead stages, their win probabilities and the one table of allowed moves.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace sales::customers::domain {

// Mirrors sales.customers.v1.LeadStage without UNSPECIFIED: the API layer rejects that
// before a stage ever reaches the domain.
enum class LeadStage { kLead, kQualified, kProposal, kNegotiation, kWon, kLost };

// The proto enum value name, e.g. "LEAD_STAGE_WON", so that messages match the API.
std::string_view StageName(LeadStage stage);

// Win probability of a stage in percent: 10, 25, 50, 75, 100, 0.
int StageProbabilityPercent(LeadStage stage);

// OK if a lead may move from `from` to `to` with this lost_reason, else:
// INVALID_ARGUMENT naming `lost_reason` when it is missing on a move to LOST or given with
// any other move; FAILED_PRECONDITION when the lead already is in `to`, or when the table
// has no such move (the message names both stages).
absl::Status CheckTransition(LeadStage from, LeadStage to, std::string_view lost_reason);

// The stages a lead in `from` may move to, in table order; empty for WON.
std::vector<LeadStage> AllowedNextStages(LeadStage from);

}  // namespace sales::customers::domain
