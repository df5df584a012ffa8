#include "services/analytics/src/domain/customer_deltas.h"

namespace sales::analytics::domain {
namespace {

Measure OutcomeMeasure(LeadOutcome outcome) {
  return outcome == LeadOutcome::kWon ? Measure::kLeadsWon : Measure::kLeadsLost;
}

// The same delta for the whole company and, when `rep` is set, for the rep.
std::vector<DayDelta> CompanyAndRep(absl::CivilDay day, const std::string& rep,
                                    const Measures& delta) {
  std::vector<DayDelta> out = {{day, {Dimension::kAll, ""}, delta}};
  if (!rep.empty()) out.push_back({day, {Dimension::kRep, rep}, delta});
  return out;
}

}  // namespace

std::vector<DayDelta> NewCustomerDeltas(absl::CivilDay day, const std::string& channel,
                                        const std::string& region, int sign) {
  Measures m;
  m[Measure::kNewCustomers] = sign;
  return {{day, {Dimension::kAll, ""}, m},
          {day, {Dimension::kChannel, channel}, m},
          {day, {Dimension::kRegion, region}, m}};
}

std::vector<DayDelta> LeadCreatedDeltas(absl::CivilDay day, const std::string& owner_rep) {
  Measures m;
  m[Measure::kLeadsCreated] = 1;
  return CompanyAndRep(day, owner_rep, m);
}

std::vector<DayDelta> LeadOutcomeDeltas(absl::CivilDay day, const std::string& owner_rep,
                                        LeadOutcome from, LeadOutcome to) {
  Measures m;
  if (from != LeadOutcome::kOpen) m[OutcomeMeasure(from)] -= 1;
  if (to != LeadOutcome::kOpen) m[OutcomeMeasure(to)] += 1;
  if (m.IsZero()) return {};
  return CompanyAndRep(day, owner_rep, m);
}

std::vector<DayDelta> SurveyDeltas(absl::CivilDay day, SurveyKind kind, int score) {
  Measures m;
  if (kind == SurveyKind::kCsat) {
    m[Measure::kCsatResponses] = 1;
    if (score >= 4) m[Measure::kCsatSatisfied] = 1;
  } else {
    m[Measure::kNpsResponses] = 1;
    if (score >= 9) m[Measure::kNpsPromoters] = 1;
    if (score <= 6) m[Measure::kNpsDetractors] = 1;
  }
  return {{day, {Dimension::kAll, ""}, m}};
}

}  // namespace sales::analytics::domain
