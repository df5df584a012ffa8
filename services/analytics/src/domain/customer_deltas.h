// What the customers feed adds to the daily rollup: new customers (on the day of their
// first order, in its channel and region), leads by the day they were created (their
// cohort) and the rep that owns them, and survey answers by the day they were given.
#pragma once

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/analytics/src/domain/lead_outcome.h"
#include "services/analytics/src/domain/measures.h"

namespace sales::analytics::domain {

// A customer's first order counted on `day` (sign +1), or no longer counted there (-1:
// the order was cancelled, or an older one was imported).
std::vector<DayDelta> NewCustomerDeltas(absl::CivilDay day, const std::string& channel,
                                        const std::string& region, int sign);

// A lead of the cohort `day` owned by `owner_rep` (empty: no rep) was created.
std::vector<DayDelta> LeadCreatedDeltas(absl::CivilDay day, const std::string& owner_rep);

// A lead of the cohort `day` moved from outcome `from` to `to` (won or lost so far; a lost
// lead reopened goes back to open).
std::vector<DayDelta> LeadOutcomeDeltas(absl::CivilDay day, const std::string& owner_rep,
                                        LeadOutcome from, LeadOutcome to);

enum class SurveyKind { kCsat, kNps };

// One survey answer given on `day`. CSAT scores 1-5, satisfied at 4 or 5; NPS scores 0-10,
// promoters 9-10, detractors 0-6 (Reichheld 2003).
std::vector<DayDelta> SurveyDeltas(absl::CivilDay day, SurveyKind kind, int score);

}  // namespace sales::analytics::domain
