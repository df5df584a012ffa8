// Rep activity: interactions per rep by kind in a period, and activity-to-win conversion
// (leads won per interaction; the share of won leads that had at least one interaction at
// or before their win). A lead is its owner rep's (at creation); an interaction is the
// rep's who had it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sales::analytics::domain {

// Interactions of one rep and kind in the period.
struct InteractionCount {
  std::string rep;  // "" when none
  std::string kind;
  int64_t interactions = 0;
  int64_t lead_interactions = 0;  // of them, about a lead
};

// A lead won in the period.
struct WonLeadOfRep {
  std::string rep;  // owner at creation
  bool had_interaction = false;
};

struct RepActivityFigures {
  std::string rep;
  std::map<std::string, int64_t> by_kind;
  int64_t interactions = 0;
  int64_t lead_interactions = 0;
  int64_t leads_won = 0;
  int64_t won_with_interaction = 0;
  std::optional<double> leads_won_per_interaction;   // leads_won / interactions
  std::optional<double> won_with_interaction_share;  // won_with_interaction / leads_won
};

struct RepActivitySummary {
  std::vector<RepActivityFigures> reps;  // by rep name
  RepActivityFigures total;              // rep ""
};

RepActivitySummary SummariseRepActivity(const std::vector<InteractionCount>& counts,
                                        const std::vector<WonLeadOfRep>& won);

}  // namespace sales::analytics::domain
