#include "services/customers/src/domain/funnel.h"

#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"

namespace sales::customers::domain {
namespace {

struct StageMove {
  LeadStage from;
  LeadStage to;
};

// The one place the funnel is defined; lead.proto documents the same moves.
constexpr std::array<StageMove, 11> kAllowedMoves = {{
    {LeadStage::kLead, LeadStage::kQualified},
    {LeadStage::kLead, LeadStage::kLost},
    {LeadStage::kQualified, LeadStage::kProposal},
    {LeadStage::kQualified, LeadStage::kLost},
    {LeadStage::kProposal, LeadStage::kNegotiation},
    {LeadStage::kProposal, LeadStage::kWon},
    {LeadStage::kProposal, LeadStage::kLost},
    {LeadStage::kNegotiation, LeadStage::kProposal},
    {LeadStage::kNegotiation, LeadStage::kWon},
    {LeadStage::kNegotiation, LeadStage::kLost},
    {LeadStage::kLost, LeadStage::kLead},  // reopen; WON is final
}};

constexpr bool IsAllowed(LeadStage from, LeadStage to) {
  for (const StageMove& move : kAllowedMoves) {
    if (move.from == from && move.to == to) return true;
  }
  return false;
}

// A reason made of spaces only explains nothing, so it counts as missing.
bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

std::string_view StageName(LeadStage stage) {
  switch (stage) {
    case LeadStage::kLead:
      return "LEAD_STAGE_LEAD";
    case LeadStage::kQualified:
      return "LEAD_STAGE_QUALIFIED";
    case LeadStage::kProposal:
      return "LEAD_STAGE_PROPOSAL";
    case LeadStage::kNegotiation:
      return "LEAD_STAGE_NEGOTIATION";
    case LeadStage::kWon:
      return "LEAD_STAGE_WON";
    case LeadStage::kLost:
      return "LEAD_STAGE_LOST";
  }
  return "LEAD_STAGE_UNSPECIFIED";  // only for a value cast from outside the enum
}

int StageProbabilityPercent(LeadStage stage) {
  switch (stage) {
    case LeadStage::kLead:
      return 10;
    case LeadStage::kQualified:
      return 25;
    case LeadStage::kProposal:
      return 50;
    case LeadStage::kNegotiation:
      return 75;
    case LeadStage::kWon:
      return 100;
    case LeadStage::kLost:
      return 0;
  }
  return 0;
}

absl::Status CheckTransition(LeadStage from, LeadStage to, std::string_view lost_reason) {
  // The request is checked before the lead's state, so that a malformed request gets the
  // same answer whatever stage the lead happens to be in.
  if (to == LeadStage::kLost && IsBlank(lost_reason)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("lost_reason: required when moving to %s", StageName(to)));
  }
  if (to != LeadStage::kLost && !lost_reason.empty()) {
    return absl::InvalidArgumentError(absl::StrFormat("lost_reason: only allowed when moving to %s",
                                                      StageName(LeadStage::kLost)));
  }
  if (from == to) {
    return absl::FailedPreconditionError(
        absl::StrFormat("lead is already in stage %s", StageName(to)));
  }
  if (!IsAllowed(from, to)) {
    return absl::FailedPreconditionError(
        absl::StrFormat("cannot move a lead from %s to %s", StageName(from), StageName(to)));
  }
  return absl::OkStatus();
}

std::vector<LeadStage> AllowedNextStages(LeadStage from) {
  std::vector<LeadStage> next;
  for (const StageMove& move : kAllowedMoves) {
    if (move.from == from) next.push_back(move.to);
  }
  return next;
}

}  // namespace sales::customers::domain
