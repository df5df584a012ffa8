// Funnel statistics for the leads created in a period: how many reached each stage of an
// ordered stage list, the conversion from each stage to the next and from lead to win, and
// how long leads stayed in each stage (median and 90th percentile), for all of them and by
// acquisition channel and by rep.
//
// Definitions:
// - A lead belongs to the period when its create time is in [start, end).
// - A lead reaches stage i of the ordered list when its history ever enters stage i or a
//   later stage of the list: a lead that skipped a stage (PROPOSAL -> WON past NEGOTIATION)
//   passed through it, so counts never grow down the list and conversions stay <= 1. Moving
//   back (NEGOTIATION -> PROPOSAL) or reopening (LOST -> LEAD) reaches nothing twice: each
//   lead counts once per stage. Stages outside the list (LOST) reach nothing.
// - Conversion from stage i to i+1: reached(i+1) / reached(i), absent when reached(i) is 0.
//   Lead-to-win: leads whose outcome is won / leads created in the period, absent when no
//   lead was created. Its numerator counts the outcome, not the history.
// - Time in stage: a lead's time in a stage is the sum of its visits to it, each visit from
//   the time it entered the stage to the time of its next entry (whatever stage it is). Only
//   leads that left the stage count: a lead whose last entry is the stage (it is still
//   there, or the stage ends the funnel, like WON) is left out of that stage's times, since
//   its time there is not yet known. Entries are taken in time order (equal times keep
//   their given order). The median and p90 are type-7 quantiles (quantiles.h) of these times
//   in seconds; absent when no lead left the stage.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/analytics/src/domain/lead_outcome.h"

namespace sales::analytics::domain {

// One entry of a lead into a stage.
struct StageEntry {
  std::string stage;  // e.g. "LEAD_STAGE_PROPOSAL"; compared with the ordered stage list
  absl::Time entered;
};

struct FunnelLead {
  std::string lead_id;
  std::string channel;  // acquisition channel; "" when unknown, which is a group of its own
  std::string rep;      // owner rep; "" when none, which is a group of its own
  absl::Time create_time;
  std::vector<StageEntry> history;  // the creation's entry first, in any order of time
  LeadOutcome outcome = LeadOutcome::kOpen;
};

struct StageStats {
  std::string stage;
  int64_t reached = 0;
  // reached(next stage) / reached(this stage); absent for the last stage and when none
  // reached this stage.
  std::optional<double> conversion_to_next;
  // Leads that left the stage and so have a time in it.
  int64_t left = 0;
  std::optional<absl::Duration> median_time;
  std::optional<absl::Duration> p90_time;
};

struct Funnel {
  int64_t leads = 0;                  // created in the period
  int64_t won = 0;                    // of those, with outcome won
  int64_t lost = 0;                   // of those, with outcome lost
  std::optional<double> lead_to_win;  // won / leads
  std::vector<StageStats> stages;     // in the order of the stage list
};

struct FunnelReport {
  Funnel all;
  std::map<std::string, Funnel> by_channel;  // only channels with a lead in the period
  std::map<std::string, Funnel> by_rep;      // only reps with a lead in the period
};

// The funnel over `stages` (ordered, e.g. LEAD, QUALIFIED, PROPOSAL, NEGOTIATION, WON) of the
// leads created in [start, end). The stage names in the list are expected to be distinct.
FunnelReport ComputeFunnel(const std::vector<FunnelLead>& leads,
                           const std::vector<std::string>& stages, absl::Time start,
                           absl::Time end);

}  // namespace sales::analytics::domain
