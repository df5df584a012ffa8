#include "services/analytics/src/domain/rep_activity.h"

namespace sales::analytics::domain {
namespace {

void AddCount(RepActivityFigures& f, const InteractionCount& c) {
  f.by_kind[c.kind] += c.interactions;
  f.interactions += c.interactions;
  f.lead_interactions += c.lead_interactions;
}

void AddWon(RepActivityFigures& f, const WonLeadOfRep& w) {
  ++f.leads_won;
  if (w.had_interaction) ++f.won_with_interaction;
}

void Ratios(RepActivityFigures& f) {
  if (f.interactions > 0) {
    f.leads_won_per_interaction =
        static_cast<double>(f.leads_won) / static_cast<double>(f.interactions);
  }
  if (f.leads_won > 0) {
    f.won_with_interaction_share =
        static_cast<double>(f.won_with_interaction) / static_cast<double>(f.leads_won);
  }
}

}  // namespace

RepActivitySummary SummariseRepActivity(const std::vector<InteractionCount>& counts,
                                        const std::vector<WonLeadOfRep>& won) {
  std::map<std::string, RepActivityFigures> reps;
  RepActivitySummary summary;
  for (const InteractionCount& c : counts) {
    RepActivityFigures& f = reps[c.rep];
    f.rep = c.rep;
    AddCount(f, c);
    AddCount(summary.total, c);
  }
  for (const WonLeadOfRep& w : won) {
    RepActivityFigures& f = reps[w.rep];
    f.rep = w.rep;
    AddWon(f, w);
    AddWon(summary.total, w);
  }
  for (auto& [rep, f] : reps) {
    Ratios(f);
    summary.reps.push_back(std::move(f));
  }
  Ratios(summary.total);
  return summary;
}

}  // namespace sales::analytics::domain
