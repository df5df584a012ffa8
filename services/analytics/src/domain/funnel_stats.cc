#include "services/analytics/src/domain/funnel_stats.h"

#include <algorithm>
#include <cstddef>

#include "services/analytics/src/domain/quantiles.h"

namespace sales::analytics::domain {
namespace {

// What one lead adds to a funnel.
struct LeadContribution {
  int reached_up_to = -1;  // index of the latest listed stage it entered; -1 for none
  // Per stage index: seconds spent there, when the lead left it.
  std::vector<std::optional<double>> seconds_in_stage;
  LeadOutcome outcome = LeadOutcome::kOpen;
};

// Sums of a group's leads before the quantiles are taken.
struct FunnelAccumulator {
  int64_t leads = 0;
  int64_t won = 0;
  int64_t lost = 0;
  std::vector<int64_t> reached;
  std::vector<std::vector<double>> seconds;

  explicit FunnelAccumulator(std::size_t stage_count)
      : reached(stage_count, 0), seconds(stage_count) {}

  void Add(const LeadContribution& lead) {
    ++leads;
    if (lead.outcome == LeadOutcome::kWon) ++won;
    if (lead.outcome == LeadOutcome::kLost) ++lost;
    for (int i = 0; i <= lead.reached_up_to; ++i) ++reached[static_cast<std::size_t>(i)];
    for (std::size_t i = 0; i < seconds.size(); ++i) {
      if (lead.seconds_in_stage[i].has_value()) seconds[i].push_back(*lead.seconds_in_stage[i]);
    }
  }

  Funnel Finish(const std::vector<std::string>& stages) {
    Funnel funnel;
    funnel.leads = leads;
    funnel.won = won;
    funnel.lost = lost;
    if (leads > 0) funnel.lead_to_win = static_cast<double>(won) / static_cast<double>(leads);
    for (std::size_t i = 0; i < stages.size(); ++i) {
      StageStats s;
      s.stage = stages[i];
      s.reached = reached[i];
      if (i + 1 < stages.size() && reached[i] > 0) {
        s.conversion_to_next =
            static_cast<double>(reached[i + 1]) / static_cast<double>(reached[i]);
      }
      std::vector<double>& times = seconds[i];
      s.left = static_cast<int64_t>(times.size());
      if (!times.empty()) {
        std::sort(times.begin(), times.end());
        s.median_time = absl::Seconds(QuantileOfSorted(times, 0.5));
        s.p90_time = absl::Seconds(QuantileOfSorted(times, 0.9));
      }
      funnel.stages.push_back(std::move(s));
    }
    return funnel;
  }
};

// Index of `stage` in the list (its first place), -1 when it is not listed.
int StageIndex(const std::vector<std::string>& stages, const std::string& stage) {
  const auto it = std::find(stages.begin(), stages.end(), stage);
  return it == stages.end() ? -1 : static_cast<int>(it - stages.begin());
}

LeadContribution Contribution(const FunnelLead& lead, const std::vector<std::string>& stages) {
  LeadContribution out;
  out.outcome = lead.outcome;
  out.seconds_in_stage.assign(stages.size(), std::nullopt);
  std::vector<StageEntry> history = lead.history;
  std::stable_sort(history.begin(), history.end(),
                   [](const StageEntry& a, const StageEntry& b) { return a.entered < b.entered; });
  if (history.empty()) return out;
  std::vector<double> seconds(stages.size(), 0.0);
  std::vector<bool> visited(stages.size(), false);
  for (std::size_t k = 0; k < history.size(); ++k) {
    const int index = StageIndex(stages, history[k].stage);
    if (index < 0) continue;
    const auto i = static_cast<std::size_t>(index);
    out.reached_up_to = std::max(out.reached_up_to, index);
    visited[i] = true;
    if (k + 1 < history.size()) {
      seconds[i] += absl::ToDoubleSeconds(history[k + 1].entered - history[k].entered);
    }
  }
  const int current = StageIndex(stages, history.back().stage);
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (visited[i] && static_cast<int>(i) != current) out.seconds_in_stage[i] = seconds[i];
  }
  return out;
}

}  // namespace

FunnelReport ComputeFunnel(const std::vector<FunnelLead>& leads,
                           const std::vector<std::string>& stages, absl::Time start,
                           absl::Time end) {
  FunnelAccumulator all(stages.size());
  std::map<std::string, FunnelAccumulator> by_channel;
  std::map<std::string, FunnelAccumulator> by_rep;
  for (const FunnelLead& lead : leads) {
    if (lead.create_time < start || lead.create_time >= end) continue;
    const LeadContribution c = Contribution(lead, stages);
    all.Add(c);
    by_channel.try_emplace(lead.channel, stages.size()).first->second.Add(c);
    by_rep.try_emplace(lead.rep, stages.size()).first->second.Add(c);
  }
  FunnelReport report;
  report.all = all.Finish(stages);
  for (auto& [channel, acc] : by_channel) report.by_channel.emplace(channel, acc.Finish(stages));
  for (auto& [rep, acc] : by_rep) report.by_rep.emplace(rep, acc.Finish(stages));
  return report;
}

}  // namespace sales::analytics::domain
